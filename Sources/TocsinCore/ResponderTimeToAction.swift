import Foundation

/// One responder's time to action: from their invitation into the incident channel to their check-in.
///
/// The incident's time to action (declaration to first check-in) says how fast anyone started; this says how
/// fast each person paged in later (a dependency's responders, someone invited by `/incident page`) started
/// once asked. Someone who was never invited (they joined by themselves) is measured from the declaration.
public struct ResponderTimeToAction: Sendable, Equatable {
    public var userID: String
    /// When they were invited; nil when no invitation of theirs is recorded before their check-in.
    public var invitedAt: Date?
    public var checkedInAt: Date
    /// Whole seconds from the invitation (or the declaration) to the check-in.
    public var seconds: Int

    public init(userID: String, invitedAt: Date?, checkedInAt: Date, seconds: Int) {
        self.userID = userID
        self.invitedAt = invitedAt
        self.checkedInAt = checkedInAt
        self.seconds = seconds
    }

    /// Each check-in's time to action, earliest check-in first. `invitations` holds each person's earliest
    /// invitation; one recorded after their check-in does not count.
    public static func measure(declaredAt: Date, checkIns: [(userID: String, at: Date)], invitations: [String: Date]) -> [ResponderTimeToAction] {
        checkIns.sorted { $0.at < $1.at }.map { checkIn in
            let invited = invitations[checkIn.userID].flatMap { $0 <= checkIn.at ? $0 : nil }
            return ResponderTimeToAction(
                userID: checkIn.userID, invitedAt: invited, checkedInAt: checkIn.at,
                seconds: IncidentPlanner.wholeSeconds(from: invited ?? declaredAt, to: checkIn.at)
            )
        }
    }
}
