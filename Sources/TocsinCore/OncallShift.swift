import Foundation

/// Why an on-call command was refused; `message` is the sentence the person sees.
public enum OncallError: Error, Sendable, Equatable {
    /// `oncall start` while the person's shift `number` is open, in `channelID` (when it exists).
    case shiftAlreadyOpen(number: Int, channelID: String?)
    /// `oncall handoff` with no open shift of the person's, outside a shift channel.
    case noOpenShift
    /// `oncall handoff @self`.
    case handoffToSelf
    /// The shift was handed over already.
    case shiftEnded(number: Int)

    public var code: String {
        switch self {
        case .shiftAlreadyOpen: "shift_already_open"
        case .noOpenShift: "no_open_shift"
        case .handoffToSelf: "handoff_to_self"
        case .shiftEnded: "shift_ended"
        }
    }
}

extension IncidentPlanner {
    /// The prefix of on-call shift channels: `oncall-<number>-<day>`.
    public static let shiftChannelPrefix = "oncall"

    /// Opens an on-call shift for `owner` as record `number`: a channel of its own (the owner invited, a first
    /// message saying how to use it), no ring told, no reminders, nothing paged.
    public func startShift(number: Int, owner: String, now: Date) -> Declaration {
        let severity = configuration.severities.last?.name ?? configuration.slack.defaultSeverity
        let shift = Incident(
            number: number, title: "On-call shift from \(UTCTime.minutes(now)) UTC", severity: severity, service: nil,
            tier: configuration.leastCriticalTier, commander: owner, declaredBy: owner, declaredAt: now, kind: .oncallShift
        )
        let view = self.view(of: shift, now: now)
        let effects: [Effect] = [
            .createIncidentChannel(name: ChannelName.forIncident(
                prefix: Self.shiftChannelPrefix, number: number, service: nil, title: UTCTime.day(now)
            )),
            .inviteResponders(userIDs: [owner], groupHandles: []),
            .setIncidentTopic(shiftTopic(of: shift)),
            .post(Post(target: .incidentChannel, view: view, ring: .responders, content: .shiftStarted)),
        ]
        return Declaration(incident: shift, effects: effects, rings: [])
    }

    /// Closes `shift`, handing it to `summary.to`: the summary goes to them as a direct message and into the
    /// shift channel, and the shift's timeline keeps it (as ``HandoffSummary/document``) for its postmortem.
    public func handOff(_ shift: Incident, summary: HandoffSummary, by actor: String, now: Date) -> Result<Decision, OncallError> {
        guard shift.isOncallShift, shift.state.isActive else { return .failure(.shiftEnded(number: shift.number)) }
        guard summary.to != shift.commander else { return .failure(.handoffToSelf) }
        var ended = shift
        ended.state = .resolved
        ended.resolvedAt = now
        ended.nextUpdateDue = nil
        let view = self.view(of: ended, now: now)
        let effects: [Effect] = [
            .post(Post(target: .directMessage(summary.to), view: view, content: .handoff(summary))),
            .post(Post(target: .incidentChannel, view: view, ring: .responders, content: .handoff(summary))),
            .setIncidentTopic(shiftTopic(of: ended)),
        ]
        let entry = TimelineEntry(at: now, kind: .handoff, actor: actor, text: summary.document, key: "handoff")
        return .success(Decision(incident: ended, effects: effects, timeline: [entry]))
    }

    /// A shift channel's topic: plain text, as every topic.
    func shiftTopic(of shift: Incident) -> String {
        let state = shift.state.isActive ? "open" : "handed over"
        return "On-call shift #\(shift.number) · \(state) · since \(UTCTime.minutes(shift.declaredAt)) UTC"
    }
}
