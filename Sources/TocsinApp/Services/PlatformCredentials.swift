import Synchronization

/// Whether the chat platform accepts the bot's credentials, as last seen: by the check at start and by
/// every delivery since. Readiness reports it, so a load balancer or an operator sees a refused token
/// before incidents pile up in the outbox.
public final class PlatformCredentials: Sendable {
    /// What is known about the credentials.
    public enum Status: Sendable, Equatable {
        /// Not confirmed yet: the platform could not be asked, for this reason.
        case unverified(String)
        case accepted
        /// The platform refuses them, with its reason (`invalid_auth`, `token_revoked`, …).
        case refused(String)
    }

    private let state = Mutex(Status.unverified("the platform has not been asked yet"))

    public init() {}

    public var status: Status { state.withLock { $0 } }

    public func accepted() { state.withLock { $0 = .accepted } }

    public func refused(_ reason: String) { state.withLock { $0 = .refused(reason) } }

    public func unverified(_ reason: String) { state.withLock { $0 = .unverified(reason) } }
}
