import Foundation

/// What the operator routes ask of the store besides its ports: whether it takes a write (`/readyz`) and how
/// much delivery work waits (`/metrics`). A protocol so the server runs on either store (SQLite or PostgreSQL).
public protocol StoreProbes: Sendable {
    /// Whether a write would go through now, changing nothing; throws `.unavailable` saying why not.
    func checkWritable() async throws(StoreError)
    /// The outbox's pending entries: how many, and since when the oldest waits.
    func outboxBacklog() async throws(StoreError) -> OutboxBacklog
}

/// How much delivery work is waiting: what `/metrics` shows as outbox depth and oldest pending age.
public struct OutboxBacklog: Sendable, Equatable {
    /// Entries not yet delivered nor failed for good.
    public var pending: Int
    /// When the oldest of them was stored; nil when none is pending.
    public var oldestPendingSince: Date?

    public init(pending: Int, oldestPendingSince: Date?) {
        self.pending = pending
        self.oldestPendingSince = oldestPendingSince
    }
}
