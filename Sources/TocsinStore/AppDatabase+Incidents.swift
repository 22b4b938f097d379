import Foundation
import GRDB
import TocsinApp
import TocsinCore

/// Incidents: declaring, reading and changing them, each change with its effects in one transaction.
extension AppDatabase {
    /// The number is read inside the write, from the incidents stored (see ``IncidentRepository``). The
    /// declaration is planned and encoded beforehand for the number ``IncidentNumberHint`` guesses, so the
    /// shared transaction only inserts rows; when the guess was wrong it is planned again inside the write.
    public func declareIncident(requestID: String?, _ decide: @escaping @Sendable (Int) -> Declaration) async throws(StoreError) -> Declaration {
        if let requestID, let earlier = try await read({ db in try Self.repeatedDeclaration(requestID: requestID, in: db) }) {
            return earlier
        }
        let planned = try PlannedDeclaration(decide(await numberHint.take()))
        let stored = try await writes.submit(plannedNumber: planned.incident.number) { db -> PlannedDeclaration in
            // The same request twice at once: the first one stored wins.
            if let requestID, let earlier = try Self.repeatedDeclaration(requestID: requestID, in: db) {
                return try PlannedDeclaration(earlier)
            }
            let highest = try db.cachedStatement(sql: "SELECT MAX(\(IncidentRecord.Columns.number.name)) FROM \(IncidentRecord.databaseTableName)")
            let number = (try Int.fetchOne(highest) ?? 0) + 1
            let declaration = number == planned.incident.number ? planned : try PlannedDeclaration(decide(number))
            try declaration.insert(requestID: requestID, in: db)
            return declaration
        }.get()
        await numberHint.stored(stored.incident.number)
        return stored.declaration
    }

    private static func repeatedDeclaration(requestID: String, in db: Database) throws -> Declaration? {
        guard case .some(.some(let earlier)) = try handledRequest(requestID, in: db),
              let incident = try IncidentRecord.fetchOne(db, key: earlier)?.incident()
        else { return nil }
        return Declaration(incident: incident, effects: [], rings: [], isRepeat: true)
    }

    public func incidentNumbers() async throws(StoreError) -> [Int] {
        try await read { db in
            try Int.fetchAll(db, IncidentRecord.select(IncidentRecord.Columns.number).order(IncidentRecord.Columns.number))
        }
    }

    public func incident(number: Int) async throws(StoreError) -> Incident? {
        try await read { db in try IncidentRecord.fetchOne(db, key: number)?.incident() }
    }

    public func incident(channelID: String) async throws(StoreError) -> Incident? {
        try await read { db in
            try IncidentRecord.filter(IncidentRecord.Columns.channelID == channelID).fetchOne(db)?.incident()
        }
    }

    public func activeIncidents() async throws(StoreError) -> [Incident] {
        return try await readAll("incident", { db in
            try Row.fetchAll(db, IncidentRecord.filter(!IncidentRecord.finishedStates.contains(IncidentRecord.Columns.state)).order(IncidentRecord.Columns.number))
        }) { row in try IncidentRecord(row: row).incident() }
    }

    public func latestActiveIncidents(onServices services: Set<String>, isDrill: Bool, excluding number: Int, limit: Int) async throws(StoreError) -> [Incident] {
        guard !services.isEmpty, limit > 0 else { return [] }
        let names = Array(services)
        return try await readAll("incident", { db in
            let columns = IncidentRecord.Columns.self
            let request = IncidentRecord
                .filter(!IncidentRecord.finishedStates.contains(columns.state))
                .filter(columns.kind == IncidentKind.incident.rawValue && columns.isDrill == isDrill && columns.number != number)
                .filter(columns.channelID != nil)
                .filter(names.contains(columns.service) || names.contains(columns.service.lowercased))
                .order(columns.number.desc)
                .limit(limit)
            return try Row.fetchAll(db, request)
        }) { row in try IncidentRecord(row: row).incident() }
    }

    public func updateIncident<Failure: Error & Sendable>(
        number: Int, at: Date, requestID: String?, _ decide: @escaping @Sendable (Incident) -> Result<Decision, Failure>
    ) async throws(StoreError) -> RequestOutcome<Result<Decision, Failure>?> {
        try await write { db in
            if let earlier = try Self.handledRequest(requestID, in: db) { return .repeated(incident: earlier) }
            guard let incident = try IncidentRecord.fetchOne(db, key: number)?.incident() else { return .done(nil) }
            let outcome = decide(incident)
            if case .success(let decision) = outcome {
                try IncidentRecord(decision.incident).update(db)
                try Self.store(decision, incident: number, at: at, in: db)
                try Self.recordRequest(requestID, incident: number, at: at, in: db)
            }
            return .done(outcome)
        }
    }

    public func setChannel(_ channel: ChannelInfo, forIncident number: Int) async throws(StoreError) {
        try await write { db in
            let columns = IncidentRecord.Columns.self
            try IncidentRecord.filter(key: number).updateAll(
                db, columns.channelID.set(to: channel.id), columns.channelName.set(to: channel.name), columns.channelCreator.set(to: channel.creator)
            )
        }
    }

    public func incidentsWithUpdateDue(at now: Date) async throws(StoreError) -> [Int] {
        try await read { db in
            let columns = IncidentRecord.Columns.self
            return try Int.fetchAll(db, IncidentRecord
                .select(columns.number)
                .filter(columns.nextUpdateDue != nil && columns.nextUpdateDue <= StoredDate.databaseValue(now) && !IncidentRecord.finishedStates.contains(columns.state))
                .order(columns.nextUpdateDue))
        }
    }

    /// The incident an earlier request with this id changed (0 rows: never seen); `.some(nil)` when it named none.
    static func handledRequest(_ requestID: String?, in db: Database) throws -> Int?? {
        guard let requestID else { return nil }
        let columns = InboundEventRecord.Columns.self
        let statement = try db.cachedStatement(
            sql: "SELECT \(columns.incidentNumber.name) FROM \(InboundEventRecord.databaseTableName) WHERE \(columns.id.name) = ?"
        )
        guard let row = try Row.fetchOne(statement, arguments: [requestID]) else { return nil }
        return .some(try row.decode(Int?.self, atIndex: 0))
    }

    /// Remembers a request id with the change it made, inside the change's transaction.
    static func recordRequest(_ requestID: String?, incident number: Int, at: Date, in db: Database) throws {
        guard let requestID else { return }
        try StoredDate.check(at, "request \(requestID)")
        let statement = try db.cachedStatement(sql: "INSERT INTO \(InboundEventRecord.databaseTableName) (id, received_at, incident_number) VALUES (?, ?, ?)")
        try statement.execute(arguments: [requestID, StoredDate.databaseValue(at), number])
    }

    /// The decision's effects (into the outbox) and timeline, written inside the caller's transaction.
    static func store(_ decision: Decision, incident number: Int, at: Date, in db: Database) throws {
        try OutboxRecord.insertPending(try OutboxRecord.prepare(decision.effects, incident: number), incident: number, at: at, in: db)
        try TimelineRecord.apply(decision.timeline, removing: decision.removedFromTimeline, incident: number, in: db)
    }
}

/// A declaration with its rows made (incident, outbox entries encoded, timeline), ready to insert.
struct PlannedDeclaration: Sendable {
    var declaration: Declaration
    var incident: IncidentRecord
    var outbox: [OutboxRecord.Prepared]

    init(_ declaration: Declaration) throws(StoreError) {
        self.declaration = declaration
        incident = try IncidentRecord(declaration.incident)
        outbox = declaration.isRepeat ? [] : try OutboxRecord.prepare(declaration.effects, incident: declaration.incident.number)
    }

    /// Stores the incident, its outbox entries, its timeline entry and the request id, inside the caller's transaction.
    func insert(requestID: String?, in db: Database) throws {
        try incident.insert(db)
        try OutboxRecord.insertPending(outbox, incident: incident.number, at: incident.declaredAt, in: db)
        try TimelineRecord.apply([declaration.timelineEntry], removing: [], incident: incident.number, in: db)
        try AppDatabase.recordRequest(requestID, incident: incident.number, at: incident.declaredAt, in: db)
    }
}
