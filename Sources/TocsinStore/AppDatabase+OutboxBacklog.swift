import Foundation
import GRDB
import TocsinApp

extension AppDatabase: StoreProbes {
    /// The outbox's pending entries: how many, and since when the oldest waits.
    public func outboxBacklog() async throws(StoreError) -> OutboxBacklog {
        do {
            return try await writer.read { db in
                let pending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE status = 'pending'") ?? 0
                let oldest = try Date.fetchOne(db, sql: "SELECT created_at FROM outbox INDEXED BY outbox_pending_by_id WHERE status = 'pending' ORDER BY id LIMIT 1")
                return OutboxBacklog(pending: pending, oldestPendingSince: oldest)
            }
        } catch {
            throw .unavailable("cannot read the outbox: \(error)")
        }
    }
}
