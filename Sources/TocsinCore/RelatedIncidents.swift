import Foundation

/// Another incident as a link to it shows it: its number, title, severity and channel (when it has one yet).
public struct LinkedIncident: Sendable, Equatable, Codable {
    public var number: Int
    public var title: String
    public var severity: Severity
    public var channel: ChannelInfo?

    public init(number: Int, title: String, severity: Severity, channel: ChannelInfo?) {
        self.number = number
        self.title = title
        self.severity = severity
        self.channel = channel
    }

    public init(_ incident: Incident) {
        self.init(number: incident.number, title: incident.title, severity: incident.severity, channel: incident.channel)
    }
}

/// An incident found related to another through the service catalog, and how their services connect.
public struct RelatedMatch: Sendable, Equatable {
    public var incident: Incident
    public var path: DependencyPath

    public init(incident: Incident, path: DependencyPath) {
        self.incident = incident
        self.path = path
    }
}

/// Related incidents: which active incidents touch the same service as a new one, a service it depends
/// on or one that depends on it (see ``ServiceGraph`` for the walk), and which incidents an incident is
/// linked to, read back from its timeline. Links are timeline entries (kinds `link` and `unlink`) whose key
/// names the other incident, so they need no table of their own.
public enum RelatedIncidents {
    /// Whether an incident may be found related automatically: still active (a cancelled incident was a
    /// mistake, a resolved one is over) and an incident at all (an on-call shift is not one).
    public static func isCandidate(_ incident: Incident) -> Bool {
        incident.state.isActive && !incident.isOncallShift
    }

    /// The incidents among `candidates` related to `incident`, by number, each with the dependency path
    /// between their services. Nothing is related to an incident without a service, to itself, or to an
    /// incident that is not a candidate (``isCandidate(_:)``); an incident that is not a candidate itself
    /// has no related incidents. A drill is related only to drills, and a real incident only to real ones:
    /// practice never interrupts the people handling an outage.
    public static func find(for incident: Incident, among candidates: [Incident], graph: ServiceGraph) -> [RelatedMatch] {
        guard isCandidate(incident), let service = incident.service else { return [] }
        return candidates
            .filter { $0.number != incident.number && isCandidate($0) && $0.isDrill == incident.isDrill }
            .sorted { $0.number < $1.number }
            .compactMap { other in
                guard let otherService = other.service else { return nil }
                return graph.path(between: service, and: otherService).map { RelatedMatch(incident: other, path: $0) }
            }
    }

    /// How many related incidents one declaration is linked to automatically. Thirty incidents declared on
    /// one service in a storm would otherwise post 870 cross-links; the most recent few say enough, and
    /// `/incident link` adds any other.
    public static let automaticLimit = 3

    /// The matches a declaration is linked to automatically: the ``automaticLimit`` most recent (highest
    /// numbers), in number order.
    public static func automaticLinks(_ matches: [RelatedMatch]) -> [RelatedMatch] {
        Array(matches.sorted { $0.incident.number < $1.incident.number }.suffix(automaticLimit))
    }

    /// The timeline key of a link to incident `other`: automatic links have one per pair (`suffix` "auto"),
    /// links by hand one per command (`suffix` from ``TimelineEntry/key(_:at:actor:)``'s parts).
    public static func linkKey(to other: Int, suffix: String) -> String { "link:\(other):\(suffix)" }

    /// The timeline key of an unlink from incident `other`.
    public static func unlinkKey(from other: Int, suffix: String) -> String { "unlink:\(other):\(suffix)" }

    /// A key suffix unique for a command by `actor` at `at`.
    public static func suffix(at: Date, actor: String?) -> String {
        "\(Int((at.timeIntervalSince1970 * 1000).rounded())):\(actor ?? "-")"
    }

    /// The incident a link or unlink entry names, read from its key; nil for any other entry.
    public static func otherIncident(of entry: TimelineEntry) -> Int? {
        let prefix: String
        switch entry.kind {
        case .link: prefix = "link:"
        case .unlink: prefix = "unlink:"
        default: return nil
        }
        guard entry.key.hasPrefix(prefix) else { return nil }
        let rest = entry.key.dropFirst(prefix.count)
        guard let number = rest.split(separator: ":", maxSplits: 1).first.flatMap({ Int($0) }), number > 0 else { return nil }
        return number
    }

    /// The incidents this timeline is linked to now, in the order they were first linked: each link adds
    /// one, each unlink takes it away again.
    public static func links(in timeline: [TimelineEntry]) -> [Int] {
        var linked: [Int] = []
        for entry in TimelineEntry.ordered(timeline) {
            guard let other = otherIncident(of: entry) else { continue }
            if entry.kind == .link {
                if !linked.contains(other) { linked.append(other) }
            } else {
                linked.removeAll { $0 == other }
            }
        }
        return linked
    }
}
