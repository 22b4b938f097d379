import TocsinCore

/// The on-call services that page people (PagerDuty, Opsgenie). Optional: without one, `/incident page` invites
/// Slack users only.
public protocol Pager: Sendable {
    /// Sends one page event; a trigger or resolve sent twice for the same `dedupKey` is one alert on the service's side.
    func send(_ event: PageEvent) async throws(PagerError)
}

/// One page event as the on-call service needs it, in neutral terms; the adapter writes each service's shape.
public struct PageEvent: Sendable, Equatable {
    /// How urgent it is, in PagerDuty's four levels (Opsgenie's priorities P1…P4 follow them).
    public enum Urgency: String, Sendable, Equatable {
        case critical, error, warning, info
    }

    public var action: PageRequest.Action
    /// The catalog service paged, and where its key is.
    public var service: String
    public var target: PagerTarget
    /// One alert per incident on the on-call service's side: the trigger and the resolve carry the same key.
    public var dedupKey: String
    public var summary: String
    public var urgency: Urgency
    /// Where the page comes from (PagerDuty's `payload.source`).
    public var source: String
    /// The incident channel, when it exists.
    public var links: [AlertLink]

    public init(
        action: PageRequest.Action, service: String, target: PagerTarget, dedupKey: String, summary: String, urgency: Urgency,
        source: String, links: [AlertLink]
    ) {
        self.action = action
        self.service = service
        self.target = target
        self.dedupKey = dedupKey
        self.summary = summary
        self.urgency = urgency
        self.source = source
        self.links = links
    }
}

/// Why a page failed: a refused request (400: a malformed event or an unknown key) or a missing key is
/// `.permanent`; an outage, a timeout or a rate limit is `.transient` (the same dedup key makes a repeat harmless).
public typealias PagerError = ServiceCallError
