import Foundation

/// The incident channel's last message before it is archived: how long after the resolution, and where the
/// postmortem is.
public struct ChannelArchiving: Sendable, Equatable, Codable {
    /// `archive_after`, spelled out ("7 days").
    public var after: String

    public init(after: String) {
        self.after = after
    }
}

/// `archive_after`: a resolved incident's channel is archived that long after the resolution, with a last
/// message first; a reopen before then makes the alarm go off quietly.
extension IncidentPlanner {
    /// The alarm that archives the channel `archive_after` after a resolution at `resolvedAt`; nil when
    /// channels are not archived.
    func archiveAlarm(resolvedAt: Date) -> Effect? {
        configuration.archiveAfter.map { .alarm(Alarm(due: resolvedAt.addingTimeInterval(Double($0.seconds)), purpose: .archive(resolvedAt: resolvedAt))) }
    }

    /// The timeline key recording that the channel was archived after the resolution at `resolvedAt`.
    public static func archiveKey(resolvedAt: Date) -> String {
        "channel_archived:\(Int(resolvedAt.timeIntervalSince1970.rounded()))"
    }

    /// The last message and the archive, owed when the alarm set at the resolution at `resolvedAt` goes off;
    /// nil when the incident was reopened since (or resolved again later, which set an alarm of its own), has
    /// no channel, or channels are no longer archived.
    public func archiveChannel(_ incident: Incident, resolvedAt: Date, now: Date) -> Decision? {
        guard incident.state == .resolved, Alarm.isSameResolution(incident.resolvedAt, as: resolvedAt),
              incident.channel != nil, let after = configuration.archiveAfter else { return nil }
        let view = self.view(of: incident, now: now)
        let effects: [Effect] = [
            .post(Post(target: .incidentChannel, view: view, ring: .responders, content: .channelArchiving(ChannelArchiving(after: after.spelledOut)))),
            .archiveChannel,
        ]
        let entry = TimelineEntry(
            at: now, kind: .status, actor: nil, text: "channel archived, \(after.spelledOut) after the resolution",
            key: Self.archiveKey(resolvedAt: resolvedAt)
        )
        return Decision(incident: incident, effects: effects, timeline: [entry])
    }
}
