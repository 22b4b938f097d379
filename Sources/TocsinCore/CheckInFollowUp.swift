import Foundation

/// Nobody checked in within the severity's target: who is asked again, and how late it is.
public struct CheckInFollowUp: Sendable, Equatable, Codable {
    /// The people mentioned again (user groups expanded where their members could be found).
    public var responders: [String]
    /// User groups whose members could not be found just then: named by handle instead.
    public var groupHandles: [String]
    /// The severity's check-in target, spelled out ("5 minutes").
    public var target: String
    /// Time since the declaration, spelled out.
    public var elapsed: String

    public init(responders: [String], groupHandles: [String] = [], target: String, elapsed: String) {
        self.responders = responders
        self.groupHandles = groupHandles
        self.target = target
        self.elapsed = elapsed
    }
}

/// The check-in follow-up: when `check_in_within` passes and nobody has checked in, the responders are
/// mentioned again in the channel and the executive thread hears of it, once per incident.
extension IncidentPlanner {
    /// The timeline key of the follow-up: one per incident.
    public static let checkInFollowUpKey = "check_in_follow_up"

    /// When nobody having checked in calls for a follow-up, at the incident's current severity.
    public func checkInFollowUpDue(_ incident: Incident) -> Date? {
        configuration.severity(named: incident.severity).map { incident.declaredAt.addingTimeInterval(Double($0.checkInWithin.seconds)) }
    }

    /// The alarm that looks for a check-in when the target passes, at the incident's current severity.
    func checkInAlarm(_ incident: Incident) -> Effect? {
        checkInFollowUpDue(incident).map { .alarm(Alarm(due: $0, purpose: .checkInFollowUp)) }
    }

    /// Who is asked again: the responders engaged at the incident's severity, or its commander when its service
    /// names none (or it has no known service).
    public func followUpRecipients(_ incident: Incident) -> [ResponderRef] {
        let engaged = engaged(severity: incident.severity, service: incident.service)
        return engaged.isEmpty ? [.user(incident.commander)] : engaged
    }

    /// The follow-up owed at `now`, or nil when none is: the incident ended, someone checked in, or the target
    /// (at its current severity) has not passed yet. `responders` are the people to mention, groups expanded;
    /// `unresolvedGroups` the handles whose members could not be found.
    public func checkInFollowUp(
        _ incident: Incident, anyoneCheckedIn: Bool, responders: [String], unresolvedGroups: [String] = [], now: Date
    ) -> Decision? {
        guard incident.state.isActive, !anyoneCheckedIn, let due = checkInFollowUpDue(incident),
              now.timeIntervalSince(due) > -Alarm.sameInstantTolerance,
              let target = configuration.severity(named: incident.severity)?.checkInWithin else { return nil }
        let view = self.view(of: incident, now: now)
        let followUp = CheckInFollowUp(
            responders: responders, groupHandles: unresolvedGroups, target: target.spelledOut,
            elapsed: Self.spell(seconds: Self.wholeSeconds(from: incident.declaredAt, to: now))
        )
        var effects: [Effect] = [
            .post(Post(target: .incidentChannel, view: view, ring: .responders, content: .checkInFollowUp(followUp))),
        ]
        for channel in audience(severity: incident.severity, tier: incident.tier, service: incident.service)
        where channel.ring == .executives && incident.toldChannels.contains(channel) {
            effects.append(.post(Post(target: .thread(channel.name), view: view, ring: .executives, content: .checkInFollowUpExecThread(followUp))))
        }
        var text: RichText = "Nobody checked in within \(target.spelledOut); asked again:"
        for user in responders { text = text + " \(user: user)" }
        for handle in unresolvedGroups { text = text + " @\(handle)" }
        let entry = TimelineEntry(at: now, kind: .page, actor: nil, text: text, key: Self.checkInFollowUpKey)
        return Decision(incident: incident, effects: effects, timeline: [entry])
    }
}
