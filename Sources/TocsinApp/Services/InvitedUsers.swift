import Foundation
import TocsinCore

/// The users an invitation brought into the incident channel, kept as the result of its outbox entry: user
/// groups are expanded only when the invitation is delivered, so the entry's result is where the people a
/// `@group` meant are known. Each responder's time to action is counted from the invitation that named them.
enum InvitedUsers {
    /// The entry's result for these users: their ids, comma-separated.
    static func result(_ users: [String]) -> String? {
        users.isEmpty ? nil : users.joined(separator: ",")
    }

    /// Each user's earliest invitation among an incident's delivered invitations, by when it was decided.
    static func invitations(in entries: [OutboxEntry]) -> [String: Date] {
        var invited: [String: Date] = [:]
        for entry in entries where entry.status == .done {
            guard case .inviteResponders = entry.effect, let result = entry.result else { continue }
            for user in result.split(separator: ",").map(String.init) where invited[user].map({ entry.createdAt < $0 }) ?? true {
                invited[user] = entry.createdAt
            }
        }
        return invited
    }
}

extension Alarm.Purpose {
    /// A short name for logs and metric labels.
    var kind: String {
        switch self {
        case .checkInFollowUp: "alarm_check_in_follow_up"
        case .archive: "alarm_archive"
        }
    }
}
