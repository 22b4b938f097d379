import Foundation
import GRDB
import TocsinApp
import TocsinCore

/// A row of `outbox`: one chat API effect and how its delivery went.
struct OutboxRecord: FetchableRecord, TableRecord {
    static let databaseTableName = "outbox"

    /// The table's columns, named once.
    enum Columns {
        static let id = Column("id")
        static let incidentNumber = Column("incident_number")
        static let lane = Column("lane")
        static let effect = Column("effect")
        static let needsChannel = Column("needs_channel")
        static let status = Column("status")
        static let attempts = Column("attempts")
        static let settledAttempts = Column("settled_attempts")
        static let notBefore = Column("not_before")
        static let lastError = Column("last_error")
        static let result = Column("result")
        static let createdAt = Column("created_at")
        static let finishedAt = Column("finished_at")
    }

    var id: Int64
    var incidentNumber: Int
    var lane: String
    var effect: String
    var needsChannel: Bool
    var status: String
    var attempts: Int
    var settledAttempts: Int
    var notBefore: Date
    var lastError: String?
    var result: String?
    var createdAt: Date
    var finishedAt: Date?

    init(row: Row) throws {
        id = try row.decode(forColumn: Columns.id.name)
        incidentNumber = try row.decode(forColumn: Columns.incidentNumber.name)
        lane = try row.decode(forColumn: Columns.lane.name)
        effect = try row.decode(forColumn: Columns.effect.name)
        needsChannel = try row.decode(forColumn: Columns.needsChannel.name)
        status = try row.decode(forColumn: Columns.status.name)
        attempts = try row.decode(forColumn: Columns.attempts.name)
        settledAttempts = try row.decode(forColumn: Columns.settledAttempts.name)
        notBefore = try row.decode(forColumn: Columns.notBefore.name)
        lastError = try row.decode(forColumn: Columns.lastError.name)
        result = try row.decode(forColumn: Columns.result.name)
        createdAt = try row.decode(forColumn: Columns.createdAt.name)
        finishedAt = try row.decode(forColumn: Columns.finishedAt.name)
    }

    /// An entry ready to insert: its lane worked out and its effect encoded, outside the transaction.
    struct Prepared: Sendable {
        var lane: String
        var effect: String
        var needsChannel: Bool
        /// When it may run, if later than when it is stored (an alarm).
        var notBefore: Date?
    }

    static func prepare(_ effects: [Effect], incident number: Int) throws(StoreError) -> [Prepared] {
        var prepared: [Prepared] = []
        prepared.reserveCapacity(effects.count)
        for effect in effects {
            let placement = OutboxEntry.placement(of: effect, incident: number)
            let json = try RecordJSON.column(effect, "an effect of incident #\(number)")
            let due = OutboxEntry.notBefore(of: effect)
            if let due { try StoredDate.check(due, "an alarm of incident #\(number)") }
            prepared.append(Prepared(lane: placement.lane.column, effect: json, needsChannel: placement.needsIncidentChannel, notBefore: due))
        }
        return prepared
    }

    /// Queues the entries as pending, through one cached statement with the date formatted once:
    /// a declaration writes a dozen of them inside the group commit.
    static func insertPending(_ entries: [Prepared], incident number: Int, at date: Date, in db: Database) throws {
        guard !entries.isEmpty else { return }
        try StoredDate.check(date, "an outbox entry of incident #\(number)")
        let columns = [
            Columns.incidentNumber, Columns.lane, Columns.effect, Columns.needsChannel, Columns.status,
            Columns.attempts, Columns.settledAttempts, Columns.notBefore, Columns.createdAt,
        ]
        let statement = try db.cachedStatement(sql: """
            INSERT INTO \(databaseTableName) (\(columns.map(\.name).joined(separator: ", ")))
            VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?)
            """)
        let stamp = StoredDate.databaseValue(date)
        let pending = OutboxEntry.Status.pending.rawValue
        for entry in entries {
            let due = entry.notBefore.map(StoredDate.databaseValue) ?? stamp
            try statement.execute(arguments: [number, entry.lane, entry.effect, entry.needsChannel, pending, due, stamp])
        }
    }

    func entry() throws(StoreError) -> OutboxEntry {
        guard let status = OutboxEntry.Status(rawValue: status) else { throw .corrupt("outbox row \(id) has status \(self.status)") }
        let decoded = try RecordJSON.decode(Effect.self, from: effect, "the effect of outbox row \(id)")
        return OutboxEntry(
            id: id, incidentNumber: incidentNumber, lane: try Lane(column: lane, row: id), effect: decoded, needsIncidentChannel: needsChannel,
            status: status, attempts: attempts, settledAttempts: settledAttempts, notBefore: notBefore, lastError: lastError, result: result, createdAt: createdAt
        )
    }
}
