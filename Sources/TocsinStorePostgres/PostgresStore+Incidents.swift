import Foundation
import Logging
import PostgresNIO
import TocsinApp
import TocsinCore

/// Incidents: declaring, reading and changing them, each change with its effects in one transaction.
extension PostgresStore {
    /// The number comes from the `incident` counter row, incremented in the transaction that stores the
    /// incident (see ``PostgresStore``): declarations on every replica take numbers one at a time, and a
    /// declaration that is refused or interrupted gives its number back with its rollback. Declarations made on
    /// this replica at the same time share a transaction (``DeclarationBatches``).
    ///
    /// A retried request is found by the batch's insert of its request id (which then writes the batch again a
    /// declaration at a time), not by a read before every declaration: retries are rare, reads are not free.
    public func declareIncident(requestID: String?, _ decide: @escaping @Sendable (Int) -> Declaration) async throws(StoreError) -> Declaration {
        switch await declarations.submit(DeclarationBatches.Request(requestID: requestID, decide: decide), through: self) {
        case .success(.stored(let declaration)):
            return declaration
        case .success(.repeated):
            // The same request declared on another replica (or earlier in the batch): its declaration stands.
            guard let requestID, let earlier = try await repeatedDeclaration(requestID: requestID) else {
                throw .unavailable("a repeated declaration's earlier incident cannot be found")
            }
            return earlier
        case .failure(let error):
            throw error
        }
    }

    /// Writes a batch of declarations in one transaction of four round trips, however many it holds: `BEGIN`,
    /// the counter row read and locked, one statement for all their rows (``DeclarationRows``), `COMMIT`.
    /// When that statement fails, or finds a request id another transaction recorded first, the transaction is
    /// rolled back and the batch is written again a declaration at a time, each in a savepoint, so that only the
    /// declaration at fault fails (and gives its number back).
    func writeDeclarations(_ requests: [DeclarationBatches.Request]) async -> [Result<DeclarationBatches.Outcome, StoreError>] {
        let logger = self.logger
        do {
            let written = try await transaction("declare incidents") { connection -> BatchWrite in
                guard let last = try await Self.first("SELECT last FROM counter WHERE name = 'incident' FOR UPDATE", on: connection, logger: logger, {
                    try $0.value("last", as: Int64.self)
                }) else { throw StoreError.corrupt("the incident counter row is missing") }
                let rows = DeclarationRows(requests, after: Int(last))
                guard let statement = rows.statement else { return .written(rows.outcomes) }
                var recorded = 0
                for try await _ in try await connection.query(statement, logger: logger) { recorded += 1 }
                guard recorded == rows.requestIDs.count else { throw RollingBack(value: BatchWrite.oneByOne) }
                return .written(rows.outcomes)
            }
            if case .written(let outcomes) = written { return outcomes }
        } catch {
            logger.debug("a batch of declarations is written again one at a time", metadata: ["error": "\(error)"])
        }
        return await writeDeclarationsOneByOne(requests)
    }

    /// What became of a batch written in one statement.
    private enum BatchWrite: Sendable {
        case written([Result<DeclarationBatches.Outcome, StoreError>])
        /// A request id was recorded by another transaction first: the batch is to be written one by one.
        case oneByOne
    }

    /// Writes a batch of declarations in one transaction, each in a savepoint: one that fails (a value that
    /// cannot be stored, a request id recorded first elsewhere) is rolled back alone, with its number. A failure
    /// of the whole transaction fails them all.
    private func writeDeclarationsOneByOne(_ requests: [DeclarationBatches.Request]) async -> [Result<DeclarationBatches.Outcome, StoreError>] {
        let logger = self.logger
        do {
            return try await transaction("declare an incident") { connection -> [Result<DeclarationBatches.Outcome, StoreError>] in
                var outcomes: [Result<DeclarationBatches.Outcome, StoreError>] = []
                for request in requests {
                    try await connection.query("SAVEPOINT declaration", logger: logger)
                    do {
                        let outcome = try await Self.insertDeclaration(request, on: connection, logger: logger)
                        if case .repeated = outcome {
                            try await connection.query("ROLLBACK TO SAVEPOINT declaration", logger: logger)
                        }
                        try await connection.query("RELEASE SAVEPOINT declaration", logger: logger)
                        outcomes.append(.success(outcome))
                    } catch {
                        // A serialization failure or deadlock aborts the batch, which is then run again whole.
                        if PostgresFailure.isRetryable(error) { throw error }
                        try await connection.query("ROLLBACK TO SAVEPOINT declaration", logger: logger)
                        try await connection.query("RELEASE SAVEPOINT declaration", logger: logger)
                        outcomes.append(.failure(PostgresFailure.storeError(error, "cannot declare an incident")))
                    }
                }
                return outcomes
            }
        } catch {
            return requests.map { _ in .failure(error) }
        }
    }

    /// One declaration's rows, inside the batch's transaction: the next number, the incident, its outbox
    /// entries, its timeline entry and its request id (`.repeated` when that id was recorded first). The same
    /// statement as a batch's (``DeclarationRows``), for a batch of one.
    private static func insertDeclaration(
        _ request: DeclarationBatches.Request, on connection: PostgresConnection, logger: Logger
    ) async throws -> DeclarationBatches.Outcome {
        guard let last = try await first("SELECT last FROM counter WHERE name = 'incident' FOR UPDATE", on: connection, logger: logger, {
            try $0.value("last", as: Int64.self)
        }) else { throw StoreError.corrupt("the incident counter row is missing") }
        let rows = DeclarationRows([request], after: Int(last))
        guard let outcome = rows.outcomes.first else { throw StoreError.unavailable("a declaration was not written") }
        let declared = try outcome.get()
        guard let statement = rows.statement else { return declared }
        var recorded = 0
        for try await _ in try await connection.query(statement, logger: logger) { recorded += 1 }
        return recorded == rows.requestIDs.count ? declared : .repeated
    }

    /// The incident an earlier request with this id declared, marked as a repeat; nil when the id is new.
    private func repeatedDeclaration(requestID: String) async throws(StoreError) -> Declaration? {
        let logger = self.logger
        return try await connection("read a declaration") { connection -> Declaration? in
            guard case .some(.some(let number)) = try await Self.handledRequest(requestID, on: connection, logger: logger),
                  let incident = try await Self.first("SELECT \(unescaped: IncidentRow.columns) FROM incident WHERE number = \(number)", on: connection, logger: logger, IncidentRow.incident)
            else { return nil }
            return Declaration(incident: incident, effects: [], rings: [], isRepeat: true)
        }
    }

    public func incidentNumbers() async throws(StoreError) -> [Int] {
        try await readAll("incident number", "SELECT number FROM incident ORDER BY number") { try $0.value("number") }
    }

    public func incident(number: Int) async throws(StoreError) -> Incident? {
        try await readOne("incident #\(number)", "SELECT \(unescaped: IncidentRow.columns) FROM incident WHERE number = \(number)", IncidentRow.incident)
    }

    public func incident(channelID: String) async throws(StoreError) -> Incident? {
        try await readOne("an incident", "SELECT \(unescaped: IncidentRow.columns) FROM incident WHERE channel_id = \(channelID)", IncidentRow.incident)
    }

    public func activeIncidents() async throws(StoreError) -> [Incident] {
        try await readAll(
            "incident", "SELECT \(unescaped: IncidentRow.columns) FROM incident WHERE state <> ALL(\(IncidentRow.finishedStates)) ORDER BY number", IncidentRow.incident
        )
    }

    public func latestActiveIncidents(onServices services: Set<String>, isDrill: Bool, excluding number: Int, limit: Int) async throws(StoreError) -> [Incident] {
        guard !services.isEmpty, limit > 0 else { return [] }
        let names = Array(services)
        return try await readAll("incident", """
            SELECT \(unescaped: IncidentRow.columns) FROM incident
            WHERE state <> ALL(\(IncidentRow.finishedStates)) AND kind = \(IncidentKind.incident.rawValue) AND is_drill = \(isDrill)
              AND number <> \(number) AND channel_id IS NOT NULL AND (service = ANY(\(names)) OR lower(service) = ANY(\(names)))
            ORDER BY number DESC LIMIT \(limit)
            """, IncidentRow.incident)
    }

    public func updateIncident<Failure: Error & Sendable>(
        number: Int, at: Date, requestID: String?, _ decide: @escaping @Sendable (Incident) -> Result<Decision, Failure>
    ) async throws(StoreError) -> RequestOutcome<Result<Decision, Failure>?> {
        let logger = self.logger
        return try await transaction("change incident #\(number)") { connection -> RequestOutcome<Result<Decision, Failure>?> in
            let incident = try await Self.lockIncident(number, on: connection, logger: logger)
            if let earlier = try await Self.handledRequest(requestID, on: connection, logger: logger) { return .repeated(incident: earlier) }
            guard let incident else { return .done(nil) }
            let outcome = decide(incident)
            if case .success(let decision) = outcome {
                let prepared = try PreparedDecision(decision, incident: number)
                try await connection.query(prepared.incident.update, logger: logger)
                try await prepared.store(incident: number, at: at, on: connection, logger: logger)
                if try await !Self.recordRequest(requestID, incident: number, at: at, on: connection, logger: logger) {
                    throw RollingBack(value: RequestOutcome<Result<Decision, Failure>?>.repeated(incident: number))
                }
            }
            return .done(outcome)
        }
    }

    public func setChannel(_ channel: ChannelInfo, forIncident number: Int) async throws(StoreError) {
        let logger = self.logger
        try await connection("record incident #\(number)'s channel") { connection in
            try await connection.query("""
                UPDATE incident SET channel_id = \(channel.id), channel_name = \(channel.name), channel_creator = \(channel.creator)
                WHERE number = \(number)
                """, logger: logger)
        }
    }

    public func incidentsWithUpdateDue(at now: Date) async throws(StoreError) -> [Int] {
        try await readAll("incident number", """
            SELECT number FROM incident
            WHERE next_update_due IS NOT NULL AND next_update_due <= \(now) AND state <> ALL(\(IncidentRow.finishedStates))
            ORDER BY next_update_due
            """) { try $0.value("number") }
    }

    /// The incident, its row locked until the transaction ends, so changes to one incident from several
    /// replicas are applied one after the other; nil when there is no such incident.
    static func lockIncident(_ number: Int, on connection: PostgresConnection, logger: Logger) async throws -> Incident? {
        try await first("SELECT \(unescaped: IncidentRow.columns) FROM incident WHERE number = \(number) FOR UPDATE", on: connection, logger: logger, IncidentRow.incident)
    }

    /// The incident an earlier request with this id changed (nil: never seen); `.some(nil)` when it named none.
    static func handledRequest(_ requestID: String?, on connection: PostgresConnection, logger: Logger) async throws -> Int?? {
        guard let requestID else { return nil }
        return try await first("SELECT incident_number FROM inbound_event WHERE id = \(requestID)", on: connection, logger: logger) {
            try $0.value("incident_number", as: Int?.self)
        }
    }

    /// Records a request id with the change it made, inside the change's transaction; false when another
    /// transaction recorded it first (the caller rolls back: the request was carried out there). True without an id.
    static func recordRequest(_ requestID: String?, incident number: Int, at: Date, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        guard let requestID else { return true }
        try PostgresDate.check(at, "request \(requestID)")
        let inserted = try await first("""
            INSERT INTO inbound_event (id, received_at, incident_number) VALUES (\(requestID), \(at), \(number))
            ON CONFLICT (id) DO NOTHING RETURNING id
            """, on: connection, logger: logger) { try $0.value("id", as: String.self) }
        return inserted != nil
    }
}
