import Synchronization

/// The bytes that bodies not yet checked against their signature may hold at once, shared by every connection.
///
/// A request reserves its `Content-Length` (or the largest body allowed, when it sends none) before its body is
/// read, and gives it back once the signature is checked; when the budget is spent, the request is refused at once.
public final class UnverifiedBodyBudget: Sendable {
    /// The bytes that may be reserved at once.
    public let capacity: Int
    private let reserved = Mutex(0)

    /// A budget of `capacity` bytes, none reserved.
    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// Reserves `bytes` and returns true, or returns false and reserves nothing when they do not fit.
    public func reserve(_ bytes: Int) -> Bool {
        reserved.withLock { reserved in
            guard bytes >= 0, bytes <= capacity - reserved else { return false }
            reserved += bytes
            return true
        }
    }

    /// Gives back bytes an earlier ``reserve(_:)`` took.
    public func release(_ bytes: Int) {
        reserved.withLock { $0 = max(0, $0 - bytes) }
    }

    /// The bytes reserved now.
    public var inUse: Int { reserved.withLock { $0 } }
}
