/// Why a call to a service beside the chat platform (the issue tracker, the on-call pager) failed, in terms
/// delivery can act on (``retry``, ``outcome``); the `String`s are short codes for logs and metric labels only.
///
/// Those services answer in two ways that matter: worth trying again later, or not; ``TrackerError`` and
/// ``PagerError`` name it for each port.
public enum ServiceCallError: Error, Sendable, Equatable, TransientOrPermanentError {
    /// An outage, a timeout, a rate limit: try again later. `outcome` says whether the call may have taken
    /// effect; unless the adapter knows better, it may have.
    case transient(String, outcome: CallOutcome = .unknown)
    /// Bad credentials, an unknown target, a refused request: retrying will not help.
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

    /// What the failed call did on the other side.
    public var outcome: CallOutcome {
        switch self {
        case .transient(_, let outcome): outcome
        case .permanent: .noEffect
        }
    }
}
