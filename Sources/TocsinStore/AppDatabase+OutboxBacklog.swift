import Foundation
import GRDB
import TocsinApp

extension AppDatabase: StoreProbes {
    /// The outbox's pending entries: how many, and since when the oldest waits. Alarms (lanes `alarm-…`) wait
    /// for their time by design, for days when an archive is due after a week: they are not a backlog.
    public func outboxBacklog() async throws(StoreError) -> OutboxBacklog {
        do {
            return try await writer.read { db in
                let pending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND lane NOT LIKE 'alarm-%'") ?? 0
                let oldest = try Date.fetchOne(db, sql: """
                    SELECT created_at FROM outbox INDEXED BY outbox_pending_by_id WHERE status = 'pending' AND lane NOT LIKE 'alarm-%' ORDER BY id LIMIT 1
                    """)
                return OutboxBacklog(pending: pending, oldestPendingSince: oldest)
            }
        } catch {
            throw .unavailable("cannot read the outbox: \(error)")
        }
    }
}
