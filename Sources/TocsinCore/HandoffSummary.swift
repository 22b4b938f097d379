import Foundation

/// What the next on-call person is handed when a shift ends: the shift's timeline, the incidents active now
/// and those declared during the shift, and the action items still open. Composed once, at the handoff, and
/// kept: the direct message, the shift channel's message and the shift's postmortem all show this same value.
public struct HandoffSummary: Sendable, Equatable, Codable {
    /// At most this many of the shift's latest timeline entries are listed (older ones are counted).
    public static let maxTimelineLines = 30
    /// At most this many incidents are listed in each list.
    public static let maxIncidentLines = 15
    /// At most this many open action items are listed.
    public static let maxActionLines = 20

    /// One incident as the next person needs to see it.
    public struct IncidentLine: Sendable, Equatable, Codable {
        public var number: Int
        public var title: String
        public var severity: String
        public var state: String
        public var commander: String
        /// The incident channel, when it exists.
        public var channel: ChannelInfo?

        public init(number: Int, title: String, severity: String, state: String, commander: String, channel: ChannelInfo?) {
            self.number = number
            self.title = title
            self.severity = severity
            self.state = state
            self.commander = commander
            self.channel = channel
        }
    }

    /// One open action item.
    public struct ActionLine: Sendable, Equatable, Codable {
        public var id: Int
        public var incidentNumber: Int
        public var owner: String
        public var text: String
        public var due: String?

        public init(id: Int, incidentNumber: Int, owner: String, text: String, due: String?) {
            self.id = id
            self.incidentNumber = incidentNumber
            self.owner = owner
            self.text = text
            self.due = due
        }
    }

    /// One entry of the shift's timeline.
    public struct TimelineLine: Sendable, Equatable, Codable {
        /// `YYYY-MM-DD HH:MM` UTC.
        public var time: String
        public var kind: String
        public var actor: String?
        public var text: RichText

        public init(time: String, kind: String, actor: String?, text: RichText) {
            self.time = time
            self.kind = kind
            self.actor = actor
            self.text = text
        }
    }

    /// The shift's number (its record is an incident record of kind on-call).
    public var shift: Int
    /// Who was on call.
    public var from: String
    /// Who takes over.
    public var to: String
    /// `YYYY-MM-DD HH:MM` UTC.
    public var startedAt: String
    public var endedAt: String
    /// "8 hours 5 minutes".
    public var duration: String
    public var timeline: [TimelineLine]
    /// Timeline entries older than the ones listed.
    public var earlierTimelineEntries: Int
    public var activeIncidents: [IncidentLine]
    public var moreActiveIncidents: Int
    public var declaredDuringShift: [IncidentLine]
    public var moreDeclaredDuringShift: Int
    public var openActions: [ActionLine]
    public var moreOpenActions: Int

    public init(
        shift: Int, from: String, to: String, startedAt: String, endedAt: String, duration: String,
        timeline: [TimelineLine], earlierTimelineEntries: Int = 0, activeIncidents: [IncidentLine], moreActiveIncidents: Int = 0,
        declaredDuringShift: [IncidentLine], moreDeclaredDuringShift: Int = 0, openActions: [ActionLine], moreOpenActions: Int = 0
    ) {
        self.shift = shift
        self.from = from
        self.to = to
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.duration = duration
        self.timeline = timeline
        self.earlierTimelineEntries = earlierTimelineEntries
        self.activeIncidents = activeIncidents
        self.moreActiveIncidents = moreActiveIncidents
        self.declaredDuringShift = declaredDuringShift
        self.moreDeclaredDuringShift = moreDeclaredDuringShift
        self.openActions = openActions
        self.moreOpenActions = moreOpenActions
    }

    /// The summary as a document of lines, mentions kept as values: what the shift's timeline keeps and its
    /// postmortem prints.
    public var document: RichText {
        var text: RichText = "On-call handoff of shift #\(shift): \(user: from) to \(user: to), \(startedAt) to \(endedAt) UTC (\(duration))\n"
        text.append("Incidents active now:\n")
        text.append(Self.list(activeIncidents.map(Self.line), more: moreActiveIncidents))
        text.append("Declared during the shift:\n")
        text.append(Self.list(declaredDuringShift.map(Self.line), more: moreDeclaredDuringShift))
        text.append("Open action items:\n")
        text.append(Self.list(openActions.map { item in
            "#\(item.id) (\(item.incidentNumber == shift ? "this shift" : "incident #\(item.incidentNumber)")) \(user: item.owner): \(item.text)" + (item.due.map { RichText(" (due \($0))") } ?? "")
        }, more: moreOpenActions))
        text.append("Shift timeline:\n")
        var entries = timeline.map { line -> RichText in "\(line.time) [\(line.kind)] " + line.text }
        if earlierTimelineEntries > 0 { entries.insert("(\(earlierTimelineEntries) earlier entries)", at: 0) }
        text.append(Self.list(entries, more: 0))
        return text.trimmed()
    }

    private static func line(_ incident: IncidentLine) -> RichText {
        "#\(incident.number) \(incident.severity) \(incident.state): \(incident.title) (commander \(user: incident.commander))"
    }

    private static func list(_ lines: [RichText], more: Int) -> RichText {
        guard !lines.isEmpty else { return "- none\n" }
        var text = RichText(parts: [])
        for line in lines { text.append("- " + line + "\n") }
        if more > 0 { text.append("- and \(more) more\n") }
        return text
    }
}

extension IncidentPlanner {
    /// The handoff summary of `shift` to `next` at `now`, from the shift's timeline, the incidents that may
    /// matter (the active ones and those declared since the shift began; shifts among them are left out), and
    /// action items (the open ones of the shift and of those incidents are kept).
    public func handoffSummary(
        of shift: Incident, to next: String, timeline: [TimelineEntry], incidents: [Incident], actions: [ActionItem], now: Date
    ) -> HandoffSummary {
        let real = incidents.filter { !$0.isOncallShift && $0.number != shift.number }
        let active = real.filter(\.state.isActive).sorted { (severityRank($0.severity), $0.number) < (severityRank($1.severity), $1.number) }
        let declared = real.filter { $0.declaredAt >= shift.declaredAt && $0.declaredAt <= now }.sorted { $0.number < $1.number }
        let relevant = Set([shift.number] + active.map(\.number) + declared.map(\.number))
        let open = actions.filter { $0.state == .open && relevant.contains($0.incidentNumber) }.sorted { $0.id < $1.id }
        let entries = TimelineEntry.ordered(timeline)
        let listed = entries.suffix(HandoffSummary.maxTimelineLines)
        func line(_ incident: Incident) -> HandoffSummary.IncidentLine {
            .init(number: incident.number, title: incident.title, severity: incident.severity.rawValue, state: incident.state.rawValue,
                  commander: incident.commander, channel: incident.channel)
        }
        return HandoffSummary(
            shift: shift.number, from: shift.commander, to: next,
            startedAt: UTCTime.minutes(shift.declaredAt), endedAt: UTCTime.minutes(now),
            duration: Self.spell(seconds: Self.wholeSeconds(from: shift.declaredAt, to: now)),
            timeline: listed.map { entry in
                .init(time: UTCTime.minutes(entry.at), kind: TimelineText.label(entry.kind), actor: entry.actor, text: entry.text)
            },
            earlierTimelineEntries: entries.count - listed.count,
            activeIncidents: active.prefix(HandoffSummary.maxIncidentLines).map(line),
            moreActiveIncidents: max(0, active.count - HandoffSummary.maxIncidentLines),
            declaredDuringShift: declared.prefix(HandoffSummary.maxIncidentLines).map(line),
            moreDeclaredDuringShift: max(0, declared.count - HandoffSummary.maxIncidentLines),
            openActions: open.prefix(HandoffSummary.maxActionLines).map {
                .init(id: $0.id, incidentNumber: $0.incidentNumber, owner: $0.owner, text: $0.text, due: $0.due)
            },
            moreOpenActions: max(0, open.count - HandoffSummary.maxActionLines)
        )
    }
}
