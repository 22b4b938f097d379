/// Where action items become issues (Jira). Optional: without one, action items live in Tocsin only.
public protocol IssueTracker: Sendable {
    /// Files an issue and returns its key (e.g. `OPS-123`).
    func createIssue(_ issue: TrackerIssue) async throws(TrackerError) -> String
    /// The key of the issue carrying `marker` (a label), if one was filed before.
    func findIssue(marker: String) async throws(TrackerError) -> String?
}

/// An issue to file: what people read, and the marker that identifies it.
public struct TrackerIssue: Sendable, Equatable {
    public var summary: String
    public var description: String
    public var marker: String

    public init(summary: String, description: String, marker: String) {
        self.summary = summary
        self.description = description
        self.marker = marker
    }
}

/// Why filing or finding an issue failed, in terms delivery can act on (``retry``, ``outcome``); the `String`s are
/// short codes for logs only.
public enum TrackerError: Error, Sendable, Equatable, TransientOrPermanentError {
    /// An outage, a timeout, a rate limit: try again later. `outcome` says whether the call may have filed the
    /// issue; unless the adapter knows better, it may have.
    case transient(String, outcome: CallOutcome = .unknown)
    /// Bad credentials, an unknown project, a refused request: retrying will not help.
    case permanent(String)

    /// A short code without associated values, for logs and metric labels.
    public var code: String {
        switch self {
        case .transient(let code, _), .permanent(let code): code
        }
    }

    /// Whether the failed call is worth making again.
    public var retry: RetryAdvice {
        switch self {
        case .transient: .withBackoff
        case .permanent: .never
        }
    }

    /// What the failed call did in the tracker.
    public var outcome: CallOutcome {
        switch self {
        case .transient(_, let outcome): outcome
        case .permanent: .noEffect
        }
    }
}
