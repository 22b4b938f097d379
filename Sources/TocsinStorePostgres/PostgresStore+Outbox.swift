import Foundation
import Logging
import PostgresNIO
import TocsinApp
import TocsinCore

/// The outbox: handing out runnable entries with a lease kept in their rows, and recording how their delivery
/// went, which only the lease holder may do.
extension PostgresStore {
    /// One statement: the runnable lane heads, the earliest due first (through `outbox_pending_by_due`, so
    /// the alarms not yet due, one per incident, are never walked over), locked with `FOR UPDATE SKIP LOCKED` (so replicas
    /// claiming at once pass over each other's rows instead of waiting or taking the same one) and leased to
    /// `owner`. A row that another claim leased and committed meanwhile is re-checked by PostgreSQL against the
    /// conditions and left out. An entry whose effect cannot be read is leased but never handed out.
    public func claim(owner: OutboxOwner, until: Date, limit: Int, now: Date) async throws(StoreError) -> [OutboxEntry] {
        guard limit > 0 else { return [] }
        try PostgresDate.check(until, "an outbox lease")
        let logger = self.logger
        let (entries, problems) = try await transaction("claim outbox entries") { connection -> ([OutboxEntry], [String]) in
            // An outbox that grew by thousands of rows since its last ANALYZE (a storm of declarations) looked
            // tiny to the planner, which then read and sorted every due row (290 ms at 40,000) instead of walking
            // the index and stopping after `limit` lane heads (2 ms). The walk is right at any size.
            try await connection.query("SET LOCAL enable_bitmapscan = off", logger: logger)
            try await connection.query("SET LOCAL enable_sort = off", logger: logger)
            let rows = try await connection.query("""
                WITH runnable AS (
                    SELECT o.id FROM outbox o LEFT JOIN incident i ON i.number = o.incident_number
                    WHERE o.status = 'pending'
                      AND o.id = (SELECT min(p.id) FROM outbox p WHERE p.status = 'pending' AND p.lane = o.lane)
                      AND o.not_before <= \(now)
                      AND (NOT o.needs_channel OR i.channel_id IS NOT NULL)
                      AND (o.lease_owner IS NULL OR o.lease_owner = \(owner.id) OR o.lease_until <= \(now))
                    ORDER BY o.not_before, o.id
                    LIMIT \(limit)
                    FOR UPDATE OF o SKIP LOCKED
                )
                UPDATE outbox SET lease_owner = \(owner.id), lease_until = \(until)
                FROM runnable WHERE outbox.id = runnable.id
                RETURNING \(unescaped: OutboxRow.columns.split(separator: ",").map { "outbox." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", "))
                """, logger: logger)
            var entries: [OutboxEntry] = []
            var problems: [String] = []
            for try await row in rows {
                do {
                    entries.append(try OutboxRow.entry(row.makeRandomAccess()))
                } catch {
                    problems.append(PostgresFailure.describe(error))
                }
            }
            return (entries.sorted { $0.id < $1.id }, problems)
        }
        for problem in problems {
            logger.error("skipped a stored row that cannot be read", metadata: ["record": "outbox entry", "error": "\(problem)"])
        }
        return entries
    }

    public func nextOutboxDueDate(after now: Date) async throws(StoreError) -> Date? {
        try await readOne("the next due date", "SELECT min(not_before) AS due FROM outbox WHERE status = 'pending' AND not_before > \(now)") {
            try $0.value("due", as: Date?.self)
        } ?? nil
    }

    public func markOutboxAttempt(id: Int64, owner: OutboxOwner, at: Date) async throws(StoreError) {
        let logger = self.logger
        try await transaction("count an attempt of outbox entry \(id)") { connection in
            let counted = try await Self.first("""
                UPDATE outbox SET attempts = attempts + 1 WHERE id = \(id) AND lease_owner = \(owner.id) RETURNING id
                """, on: connection, logger: logger) { try $0.value("id", as: Int64.self) }
            if counted == nil { throw try await Self.refusal(id, owner: owner, on: connection, logger: logger) }
        }
    }

    public func completeOutboxEntry(id: Int64, owner: OutboxOwner, result: String?, at: Date, followUps: [Effect]) async throws(StoreError) {
        try PostgresDate.check(at, "outbox entry \(id)")
        try await settle(id, by: owner, at: at, followUps: followUps, """
            UPDATE outbox SET status = 'done', result = \(result), last_error = NULL, finished_at = \(at), lease_owner = NULL, lease_until = NULL
            WHERE id = \(id) AND lease_owner = \(owner.id) RETURNING id, incident_number
            """)
    }

    public func retryOutboxEntry(id: Int64, owner: OutboxOwner, notBefore: Date, reason: String, settled: Bool) async throws(StoreError) {
        try PostgresDate.check(notBefore, "outbox entry \(id)")
        try await settle(id, by: owner, at: notBefore, followUps: [], """
            UPDATE outbox SET not_before = \(notBefore), last_error = \(reason), settled_attempts = settled_attempts + \(settled ? 1 : 0),
                lease_owner = NULL, lease_until = NULL
            WHERE id = \(id) AND lease_owner = \(owner.id) RETURNING id, incident_number
            """)
    }

    public func failOutboxEntry(id: Int64, owner: OutboxOwner, reason: String, at: Date, followUps: [Effect]) async throws(StoreError) {
        try PostgresDate.check(at, "outbox entry \(id)")
        try await settle(id, by: owner, at: at, followUps: followUps, """
            UPDATE outbox SET status = 'failed', last_error = \(reason), finished_at = \(at), lease_owner = NULL, lease_until = NULL
            WHERE id = \(id) AND lease_owner = \(owner.id) RETURNING id, incident_number
            """)
    }

    public func outboxEntries(incident number: Int) async throws(StoreError) -> [OutboxEntry] {
        try await readAll("outbox entry", "SELECT \(unescaped: OutboxRow.columns) FROM outbox WHERE incident_number = \(number) ORDER BY id", OutboxRow.entry)
    }

    public func queueAnnouncements(_ announcements: [Announcement], onceKey: String, at: Date) async throws(StoreError) -> Bool {
        try PostgresDate.check(at, "announcement \(onceKey)")
        let prepared = try OutboxRow.Prepared(announcements)
        let logger = self.logger
        return try await transaction("queue announcements \(onceKey)") { connection in
            let recorded = try await Self.first("""
                INSERT INTO inbound_event (id, received_at) VALUES (\(onceKey), \(at)) ON CONFLICT (id) DO NOTHING RETURNING id
                """, on: connection, logger: logger) { try $0.value("id", as: String.self) } != nil
            guard recorded else { return false }
            try await OutboxRow.insertPending(prepared, incident: nil, at: at, on: connection, logger: logger)
            return true
        }
    }

    /// Records an outcome with `update` (which ends the lease, and matches only while `owner` holds it) and
    /// queues `followUps` for the entry's incident, in one transaction; `.notLeaseHolder` when `owner` does not hold it.
    private func settle(_ id: Int64, by owner: OutboxOwner, at: Date, followUps: [Effect], _ update: PostgresQuery) async throws(StoreError) {
        let logger = self.logger
        try await transaction("record the outcome of outbox entry \(id)") { connection in
            guard let settled = try await Self.first(update, on: connection, logger: logger, { try $0.value("incident_number", as: Int?.self) }) else {
                throw try await Self.refusal(id, owner: owner, on: connection, logger: logger)
            }
            // An announcement belongs to no incident: there is none to queue follow-ups for.
            guard let number = settled else { return }
            let prepared = try OutboxRow.Prepared(followUps, incident: number)
            try await OutboxRow.insertPending(prepared, incident: number, at: at, on: connection, logger: logger)
        }
    }

    /// Why `owner` may not record an outcome of entry `id`: who holds it, if anyone.
    private static func refusal(_ id: Int64, owner: OutboxOwner, on connection: PostgresConnection, logger: Logger) async throws -> StoreError {
        let holder = try await first("SELECT lease_owner FROM outbox WHERE id = \(id)", on: connection, logger: logger) {
            try $0.value("lease_owner", as: String?.self)
        } ?? nil
        return .notLeaseHolder("outbox entry \(id) is \(holder.map { "leased to \($0)" } ?? "not leased"), not to \(owner)")
    }
}
