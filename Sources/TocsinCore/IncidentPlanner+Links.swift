import Foundation

/// A link between two incidents as the channel of one of them hears of it.
public struct IncidentLinkNews: Sendable, Equatable, Codable {
    /// What happened to the link.
    public enum Change: String, Sendable, Codable {
        /// Found automatically on declaration: an active incident on a related service.
        case suspected
        /// Linked by hand (`/incident link`).
        case linked
        /// Unlinked by hand (`/incident unlink`).
        case unlinked
    }

    public var change: Change
    /// The incident at the other end of the link.
    public var other: LinkedIncident
    /// How the two incidents' services connect; nil for a link by hand.
    public var path: DependencyPath?
    /// Who linked or unlinked by hand; nil for a link found automatically.
    public var actor: String?

    public init(change: Change, other: LinkedIncident, path: DependencyPath? = nil, actor: String? = nil) {
        self.change = change
        self.other = other
        self.path = path
        self.actor = actor
    }
}

/// Work on related incidents that reads or changes another incident than the one it is stored with:
/// delivery carries it out (durably, and once) after the change that asked for it is stored.
public enum RelatedWork: Sendable, Equatable, Codable {
    /// Cross-link this incident, just declared, with the active incidents related to it.
    case detect
    /// Record on incident `incident` the link or unlink made on this one (`keySuffix` keeps its timeline key unique).
    case mirror(incident: Int, news: IncidentLinkNews, keySuffix: String)
}

/// Why `/incident link` or `/incident unlink` was refused; `message` is the sentence the person sees.
public enum LinkError: Error, Sendable, Equatable {
    case noSuchIncident(Int)
    case itself(Int)
    case alreadyLinked(Int)
    case notLinked(Int)
    /// The other incident was cancelled as declared by mistake: it is related to nothing.
    case cancelled(Int)

    public var code: String {
        switch self {
        case .noSuchIncident: "no_such_incident"
        case .itself: "link_itself"
        case .alreadyLinked: "already_linked"
        case .notLinked: "not_linked"
        case .cancelled: "link_cancelled"
        }
    }

    public func message(command: String) -> String {
        switch self {
        case .noSuchIncident(let number):
            "There is no incident #\(number); `\(command) list` shows the active ones."
        case .itself(let number):
            "This is incident #\(number) itself; link it to another incident, e.g. `\(command) link \(number == 1 ? 2 : number - 1)`."
        case .alreadyLinked(let number):
            "This incident is already linked to #\(number); `\(command) unlink \(number)` removes the link."
        case .notLinked(let number):
            "This incident is not linked to #\(number); `\(command) link \(number)` links it."
        case .cancelled(let number):
            "Incident #\(number) was cancelled as declared by mistake, so it is related to nothing; link an incident that happened."
        }
    }
}

extension IncidentPlanner {
    /// Records a link or unlink on `incident`: a timeline entry (kind `link` or `unlink`, its key naming the
    /// other incident) and a message in its channel. `keySuffix` makes the key unique: "auto" for the one
    /// automatic link of a pair, a command's time and actor for links by hand.
    public func recordLink(_ news: IncidentLinkNews, on incident: Incident, keySuffix: String, now: Date) -> Decision {
        let other = news.other
        let kind: TimelineEntry.Kind = news.change == .unlinked ? .unlink : .link
        let key = kind == .link
            ? RelatedIncidents.linkKey(to: other.number, suffix: keySuffix)
            : RelatedIncidents.unlinkKey(from: other.number, suffix: keySuffix)
        let how: String = if let path = news.path { path.isSameService ? "same service: \(path.text)" : "dependency: \(path.text)" } else { "by service" }
        let text: RichText = switch news.change {
        case .suspected: "Possibly related to #\(other.number) \(other.title) (\(how))"
        case .linked: "Linked to #\(other.number) \(other.title)"
        case .unlinked: "Unlinked from #\(other.number) \(other.title)"
        }
        let post = Post(target: .incidentChannel, view: view(of: incident, now: now), ring: .responders, content: .incidentLink(news))
        return Decision(incident: incident, effects: [.post(post)], timeline: [
            TimelineEntry(at: now, kind: kind, actor: news.actor, text: text, key: key),
        ])
    }

    /// `/incident link <number>` typed in `incident`'s channel: recorded here now and on `other` by delivery.
    /// `linked` is what `incident` is linked to now (``RelatedIncidents/links(in:)``).
    public func link(_ incident: Incident, to other: Incident, linked: [Int], by actor: String, now: Date) -> Result<Decision, LinkError> {
        guard other.number != incident.number else { return .failure(.itself(incident.number)) }
        guard other.state != .cancelled else { return .failure(.cancelled(other.number)) }
        guard !linked.contains(other.number) else { return .failure(.alreadyLinked(other.number)) }
        return .success(change(.linked, between: incident, and: other, by: actor, now: now))
    }

    /// `/incident unlink <number>` typed in `incident`'s channel: recorded here now and on `other` by delivery.
    public func unlink(_ incident: Incident, from other: Incident, linked: [Int], by actor: String, now: Date) -> Result<Decision, LinkError> {
        guard other.number != incident.number else { return .failure(.itself(incident.number)) }
        guard linked.contains(other.number) else { return .failure(.notLinked(other.number)) }
        return .success(change(.unlinked, between: incident, and: other, by: actor, now: now))
    }

    private func change(_ change: IncidentLinkNews.Change, between incident: Incident, and other: Incident, by actor: String, now: Date) -> Decision {
        let suffix = RelatedIncidents.suffix(at: now, actor: actor)
        var decision = recordLink(IncidentLinkNews(change: change, other: LinkedIncident(other), actor: actor), on: incident, keySuffix: suffix, now: now)
        let mirrored = IncidentLinkNews(change: change, other: LinkedIncident(incident), actor: actor)
        decision.effects.append(.related(.mirror(incident: other.number, news: mirrored, keySuffix: suffix)))
        return decision
    }
}
