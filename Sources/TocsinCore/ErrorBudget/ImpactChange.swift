import Foundation

/// A change to an incident's impact window (`/incident impact …`), kept as a timeline entry of kind
/// `impact`, so the impact needs nothing stored beyond the timeline.
///
/// The entry's `at` is the moment the change takes effect (the start or end of impact, or when the level
/// changed); its key records the kind of change and when it was decided, so the latest decision wins when
/// someone corrects an earlier one: `impact.start:<decided ms>:<actor>`.
public struct ImpactChange: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case start
        case end
        case level(ImpactLevel)

        var keyWord: String {
            switch self {
            case .start: "start"
            case .end: "end"
            case .level(let level): level.rawValue
            }
        }

        init?(keyWord: String) {
            switch keyWord {
            case "start": self = .start
            case "end": self = .end
            default:
                guard let level = ImpactLevel(rawValue: keyWord) else { return nil }
                self = .level(level)
            }
        }
    }

    public var kind: Kind
    /// When it takes effect.
    public var at: Date
    /// When it was decided (typed).
    public var decidedAt: Date
    public var actor: String?

    public init(kind: Kind, at: Date, decidedAt: Date, actor: String?) {
        self.kind = kind
        self.at = at
        self.decidedAt = decidedAt
        self.actor = actor
    }

    /// The change read back from a timeline entry; nil for an entry that is not an impact change.
    public init?(_ entry: TimelineEntry) {
        guard entry.kind == .impact else { return nil }
        let parts = entry.key.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].hasPrefix("impact."), let kind = Kind(keyWord: String(parts[0].dropFirst("impact.".count))),
              let millis = Int64(parts[1]) else { return nil }
        self.init(kind: kind, at: entry.at, decidedAt: Date(timeIntervalSince1970: Double(millis) / 1000), actor: entry.actor)
    }

    /// The change of `kind` decided last, of `changes`: a later decision corrects an earlier one.
    public static func latest(_ kind: Kind, of changes: [ImpactChange]) -> ImpactChange? {
        changes.filter { $0.kind == kind }.max { ($0.decidedAt, $0.at) < ($1.decidedAt, $1.at) }
    }

    /// The timeline entry that records this change.
    public var entry: TimelineEntry {
        let millis = Int64((decidedAt.timeIntervalSince1970 * 1000).rounded())
        let text: String = switch kind {
        case .start: "Impact started"
        case .end: "Impact ended"
        case .level(let level): "Impact is \(level.rawValue) from now on"
        }
        return TimelineEntry(at: at, kind: .impact, actor: actor, text: RichText(text), key: "impact.\(kind.keyWord):\(millis):\(actor ?? "-")")
    }
}

/// One stretch of an incident's impact at one level, `[start, end)`.
public struct ImpactSpan: Sendable, Equatable {
    public var start: Date
    public var end: Date
    public var level: ImpactLevel

    public init(start: Date, end: Date, level: ImpactLevel) {
        self.start = start
        self.end = end
        self.level = level
    }
}

/// An incident as the error-budget arithmetic sees it: its service, severity and impact spans, and whether
/// it burns anything at all (drills and cancelled incidents do not).
public struct IncidentImpact: Sendable, Equatable {
    /// Why an incident burns no budget however long its impact.
    public enum Exclusion: String, Sendable, Equatable {
        case drill, cancelled
    }

    public var number: Int
    public var title: String
    public var service: String?
    public var severity: Severity
    /// In time order, not overlapping.
    public var spans: [ImpactSpan]
    public var exclusion: Exclusion?

    public init(number: Int, title: String, service: String?, severity: Severity, spans: [ImpactSpan], exclusion: Exclusion? = nil) {
        self.number = number
        self.title = title
        self.service = service
        self.severity = severity
        self.spans = spans
        self.exclusion = exclusion
    }

    /// The impact of `incident` as its timeline's impact changes say, as of `now`. Impact starts at the
    /// declaration and ends at the resolution (or now, while it lasts) unless a change says otherwise, and is
    /// `full` until a level change. A drill (``Incident/isDrill``, or `isDrill` given here) is excluded.
    public init(_ incident: Incident, timeline: [TimelineEntry], now: Date, isDrill: Bool = false) {
        let changes = timeline.compactMap(ImpactChange.init)
        let start = ImpactChange.latest(.start, of: changes)?.at ?? incident.declaredAt
        let end = ImpactChange.latest(.end, of: changes)?.at ?? incident.resolvedAt ?? max(now, start)
        let levels = changes.compactMap { change -> (at: Date, level: ImpactLevel)? in
            if case .level(let level) = change.kind { return (change.at, level) }
            return nil
        }.sorted { $0.at < $1.at }
        var spans: [ImpactSpan] = []
        if start < end {
            var cursor = start
            var level = levels.last { $0.at <= start }?.level ?? .full
            for change in levels where change.at > start && change.at < end {
                if change.level != level {
                    if change.at > cursor { spans.append(ImpactSpan(start: cursor, end: change.at, level: level)) }
                    cursor = change.at
                    level = change.level
                }
            }
            spans.append(ImpactSpan(start: cursor, end: end, level: level))
        }
        self.init(
            number: incident.number, title: incident.title, service: incident.service, severity: incident.severity, spans: spans,
            exclusion: isDrill || incident.isDrill ? .drill : (incident.state == .cancelled ? .cancelled : nil)
        )
    }
}
