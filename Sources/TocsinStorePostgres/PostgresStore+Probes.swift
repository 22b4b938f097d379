import Foundation
import PostgresNIO
import TocsinApp

/// What `/readyz` and `/metrics` ask of the store.
extension PostgresStore {
    /// The server takes writes: the schema is up to date, and the server is neither a standby in recovery nor
    /// read-only. Asks without waiting for the schema, so `/readyz` answers at once while it is brought up to date.
    public func checkWritable() async throws(StoreError) {
        guard schema.isOpen else { throw .unavailable("the schema of \(location) is not up to date yet") }
        let logger = self.logger
        let writable = try await connection("check that \(location) takes writes") { connection in
            try await Self.first(
                "SELECT NOT pg_is_in_recovery() AND current_setting('transaction_read_only') = 'off' AS writable", on: connection, logger: logger, {
                    try $0.value("writable", as: Bool.self)
                })
        }
        guard writable == true else { throw .unavailable("\(location) is read-only (a standby, or default_transaction_read_only is on)") }
    }

    public func outboxBacklog() async throws(StoreError) -> OutboxBacklog {
        let logger = self.logger
        return try await connection("read the outbox") { connection in
            // Alarms (lanes `alarm-…`) wait for their time by design, for days when an archive is due after a week: not a backlog.
            let pending = try await Self.first(
                "SELECT count(*) AS n FROM outbox WHERE status = 'pending' AND lane NOT LIKE 'alarm-%'", on: connection, logger: logger
            ) {
                try $0.value("n", as: Int64.self)
            } ?? 0
            let oldest = try await Self.first(
                "SELECT created_at FROM outbox WHERE status = 'pending' AND lane NOT LIKE 'alarm-%' ORDER BY id LIMIT 1", on: connection, logger: logger
            ) {
                try $0.value("created_at", as: Date.self)
            }
            return OutboxBacklog(pending: Int(pending), oldestPendingSince: oldest)
        }
    }
}
