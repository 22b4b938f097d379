import Foundation
import Logging
import PostgresNIO
import TocsinApp
import TocsinCore

/// Incidents: declaring, reading and changing them, each change with its effects in one transaction.
extension PostgresStore {
    /// What a declaration's transaction did: stored it, or found its request id recorded by another replica first.
    private enum Declared: Sendable {
        case stored(Declaration)
        case repeated
    }

    /// The number comes from the `incident` counter row, incremented first in the transaction that stores the
    /// incident (see ``PostgresStore``): declarations on every replica take numbers one at a time, and a
    /// declaration that is refused or interrupted gives its number back with its rollback.
    public func declareIncident(requestID: String?, _ decide: @escaping @Sendable (Int) -> Declaration) async throws(StoreError) -> Declaration {
        if let requestID, let earlier = try await repeatedDeclaration(requestID: requestID) { return earlier }
        let logger = self.logger
        let outcome = try await transaction("declare an incident") { connection -> Declared in
            guard let number = try await Self.first("UPDATE counter SET last = last + 1 WHERE name = 'incident' RETURNING last", on: connection, logger: logger, {
                try $0.value("last", as: Int64.self)
            }) else { throw StoreError.corrupt("the incident counter row is missing") }
            let declaration = decide(Int(number))
            let incident = try IncidentRow.Encoded(declaration.incident)
            let outbox = try OutboxRow.Prepared(declaration.effects, incident: Int(number))
            let timeline = try TimelineRow.Prepared([declaration.timelineEntry], removing: [])
            try await connection.query(incident.insert, logger: logger)
            try await OutboxRow.insertPending(outbox, incident: Int(number), at: declaration.incident.declaredAt, on: connection, logger: logger)
            try await TimelineRow.apply(timeline, incident: Int(number), on: connection, logger: logger)
            if try await !Self.recordRequest(requestID, incident: Int(number), at: declaration.incident.declaredAt, on: connection, logger: logger) {
                // The same request declared on another replica at the same time: its declaration stands.
                throw RollingBack(value: Declared.repeated)
            }
            return .stored(declaration)
        }
        switch outcome {
        case .stored(let declaration):
            return declaration
        case .repeated:
            guard let requestID, let earlier = try await repeatedDeclaration(requestID: requestID) else {
                throw .unavailable("a repeated declaration's earlier incident cannot be found")
            }
            return earlier
        }
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
