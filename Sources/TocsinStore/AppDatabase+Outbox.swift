import Foundation
import GRDB
import TocsinApp
import TocsinCore

/// The outbox: claiming runnable entries with a lease, and recording how their delivery went.
///
/// A claim reads on a reader connection, beside the writes; ``OutboxLeases`` keeps it from leasing an entry
/// whose outcome was recorded after its read began.
extension AppDatabase {
    /// Walks the pending entries that are due, in due-date then id order, and stops after enough lane heads,
    /// so its cost does not grow with the backlog: without the index hint SQLite sorts every pending row
    /// (60 ms at 80,000), and walked in id order it passed over every alarm not yet due (one per incident)
    /// before the newest runnable entries. The entries come back in id order.
    public func claim(owner: OutboxOwner, until: Date, limit: Int, now: Date) async throws(StoreError) -> [OutboxEntry] {
        guard limit > 0 else { return [] }
        let leases = self.leases
        let start = leases.beginClaim()
        defer { leases.endClaim(start) }
        let (entries, problems) = try await read { db -> ([OutboxEntry], [String]) in
            let o = OutboxRecord.Columns.self
            let pending = OutboxEntry.Status.pending.rawValue
            let candidates = try Row.fetchAll(db, sql: """
                SELECT o.* FROM \(OutboxRecord.databaseTableName) o INDEXED BY outbox_pending_by_due_date
                LEFT JOIN \(IncidentRecord.databaseTableName) i ON i.\(IncidentRecord.Columns.number.name) = o.\(o.incidentNumber.name)
                WHERE o.\(o.status.name) = ?
                  AND o.\(o.id.name) = (SELECT MIN(p.\(o.id.name)) FROM \(OutboxRecord.databaseTableName) p
                                        WHERE p.\(o.status.name) = ? AND p.\(o.lane.name) = o.\(o.lane.name))
                  AND o.\(o.notBefore.name) <= ?
                  AND (o.\(o.needsChannel.name) = 0 OR i.\(IncidentRecord.Columns.channelID.name) IS NOT NULL)
                ORDER BY o.\(o.notBefore.name), o.\(o.id.name)
                LIMIT ?
                """, arguments: [pending, pending, StoredDate.databaseValue(now), limit + leases.heldByOthers(than: owner, at: now)])
            var byID: [Int64: Row] = [:]
            var ids: [Int64] = []
            for row in candidates {
                let id: Int64 = try row.decode(forColumn: o.id.name)
                byID[id] = row
                ids.append(id)
            }
            var entries: [OutboxEntry] = []
            var problems: [String] = []
            for id in leases.lease(ids, to: owner, until: until, limit: limit, now: now, readSince: start) {
                guard let row = byID[id] else { continue }
                do {
                    entries.append(try OutboxRecord(row: row).entry())
                } catch {
                    // An entry this version cannot read is never delivered; it holds its lane, as it did before.
                    problems.append("\(StoreError(error))")
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
        try await read { db in
            let o = OutboxRecord.Columns.self
            return try Date.fetchOne(db, OutboxRecord
                .select(min(o.notBefore))
                .filter(o.status == OutboxEntry.Status.pending.rawValue && o.notBefore > StoredDate.databaseValue(now)))
        }
    }

    public func markOutboxAttempt(id: Int64, owner: OutboxOwner, at: Date) async throws(StoreError) {
        let leases = self.leases
        try await write { db in
            try leases.check(id, heldBy: owner)
            let o = OutboxRecord.Columns.self
            _ = try OutboxRecord.filter(key: id).updateAll(db, o.attempts += 1)
        }
    }

    public func completeOutboxEntry(id: Int64, owner: OutboxOwner, result: String?, at: Date, followUps: [Effect]) async throws(StoreError) {
        try StoredDate.check(at, "outbox entry \(id)")
        try await settle(id, by: owner) { db in
            let o = OutboxRecord.Columns.self
            _ = try OutboxRecord.filter(key: id).updateAll(
                db, o.status.set(to: OutboxEntry.Status.done.rawValue), o.result.set(to: result), o.lastError.set(to: nil), o.finishedAt.set(to: StoredDate.databaseValue(at))
            )
            try Self.queue(followUps, after: id, at: at, in: db)
        }
    }

    public func retryOutboxEntry(id: Int64, owner: OutboxOwner, notBefore: Date, reason: String, settled: Bool) async throws(StoreError) {
        try StoredDate.check(notBefore, "outbox entry \(id)")
        try await settle(id, by: owner) { db in
            let o = OutboxRecord.Columns.self
            _ = try OutboxRecord.filter(key: id).updateAll(
                db, o.notBefore.set(to: StoredDate.databaseValue(notBefore)), o.lastError.set(to: reason), o.settledAttempts += settled ? 1 : 0
            )
        }
    }

    public func failOutboxEntry(id: Int64, owner: OutboxOwner, reason: String, at: Date, followUps: [Effect]) async throws(StoreError) {
        try StoredDate.check(at, "outbox entry \(id)")
        try await settle(id, by: owner) { db in
            let o = OutboxRecord.Columns.self
            _ = try OutboxRecord.filter(key: id).updateAll(
                db, o.status.set(to: OutboxEntry.Status.failed.rawValue), o.lastError.set(to: reason), o.finishedAt.set(to: StoredDate.databaseValue(at))
            )
            try Self.queue(followUps, after: id, at: at, in: db)
        }
    }

    public func outboxEntries(incident number: Int) async throws(StoreError) -> [OutboxEntry] {
        return try await readAll("outbox entry", { db in
            let o = OutboxRecord.Columns.self
            return try Row.fetchAll(db, OutboxRecord.filter(o.incidentNumber == number).order(o.id))
        }) { row in try OutboxRecord(row: row).entry() }
    }

    public func queueAnnouncements(_ announcements: [Announcement], onceKey: String, at: Date) async throws(StoreError) -> Bool {
        try StoredDate.check(at, "announcement \(onceKey)")
        let prepared = try OutboxRecord.prepare(announcements)
        return try await write { db in
            try InboundEventRecord(id: onceKey, receivedAt: at, incidentNumber: nil).insert(db, onConflict: .ignore)
            guard db.changesCount == 1 else { return false }
            try OutboxRecord.insertPending(prepared, incident: nil, at: at, in: db)
            return true
        }
    }

    /// Records an outcome of entry `id` with `body`, which only the lease holder may do; the lease ends once it
    /// is committed, and stays `owner`'s when the write fails.
    private func settle(_ id: Int64, by owner: OutboxOwner, _ body: @escaping @Sendable (Database) throws -> Void) async throws(StoreError) {
        try leases.beginSettling(id, by: owner)
        do {
            try await write(body)
        } catch {
            leases.finishSettling(id, by: owner, recorded: false)
            throw error
        }
        leases.finishSettling(id, by: owner, recorded: true)
    }

    /// Queues effects for the incident of outbox entry `id`, inside the caller's transaction; an announcement
    /// (no incident) has none to queue them for.
    private static func queue(_ followUps: [Effect], after id: Int64, at: Date, in db: Database) throws {
        guard !followUps.isEmpty,
              let number = try Int.fetchOne(db, OutboxRecord.select(OutboxRecord.Columns.incidentNumber).filter(key: id))
        else { return }
        try OutboxRecord.insertPending(try OutboxRecord.prepare(followUps, incident: number), incident: number, at: at, in: db)
    }
}
