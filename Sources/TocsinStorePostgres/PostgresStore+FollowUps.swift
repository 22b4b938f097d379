import Foundation
import PostgresNIO
import TocsinApp
import TocsinCore

/// What follows an incident: action items and the participants' survey answers.
extension PostgresStore {
    /// The id comes from the `action_item` counter row, incremented in the transaction that stores the item.
    public func addActionItem(
        incident number: Int, at: Date, requestID: String?, _ decide: @escaping @Sendable (Incident, Int) -> (ActionItem, Decision)
    ) async throws(StoreError) -> RequestOutcome<ActionItem?> {
        let logger = self.logger
        return try await transaction("add an action item to incident #\(number)") { connection -> RequestOutcome<ActionItem?> in
            let incident = try await Self.lockIncident(number, on: connection, logger: logger)
            if let earlier = try await Self.handledRequest(requestID, on: connection, logger: logger) { return .repeated(incident: earlier) }
            guard let incident else { return .done(nil) }
            guard let id = try await Self.first("UPDATE counter SET last = last + 1 WHERE name = 'action_item' RETURNING last", on: connection, logger: logger, {
                try $0.value("last", as: Int64.self)
            }) else { throw StoreError.corrupt("the action item counter row is missing") }
            let (item, decision) = decide(incident, Int(id))
            try PostgresDate.check(item.createdAt, "action item \(id)")
            try PostgresDate.check(item.doneAt, "action item \(id)")
            let prepared = try PreparedDecision(decision, incident: number)
            try await connection.query("""
                INSERT INTO action_item (id, incident_number, owner, text, due, state, created_by, created_at, done_at)
                VALUES (\(Int(id)), \(number), \(item.owner), \(item.text), \(item.due), \(item.state.rawValue), \(item.createdBy), \(item.createdAt), \(item.doneAt))
                """, logger: logger)
            try await prepared.store(incident: number, at: at, on: connection, logger: logger)
            if try await !Self.recordRequest(requestID, incident: number, at: at, on: connection, logger: logger) {
                throw RollingBack(value: RequestOutcome<ActionItem?>.repeated(incident: number))
            }
            var stored = item
            stored.id = Int(id)
            stored.incidentNumber = number
            stored.trackerKey = nil
            return .done(stored)
        }
    }

    public func completeActionItem(
        id: Int, at: Date, _ decide: @escaping @Sendable (ActionItem, Incident) -> Decision?
    ) async throws(StoreError) -> ActionItemCompletion {
        try PostgresDate.check(at, "action item \(id)")
        let logger = self.logger
        return try await transaction("complete action item \(id)") { connection -> ActionItemCompletion in
            guard let item = try await Self.first("SELECT \(unescaped: Self.actionItemColumns) FROM action_item WHERE id = \(id) FOR UPDATE", on: connection, logger: logger, Self.actionItem)
            else { return .noSuchItem }
            guard item.state == .open else { return .alreadyDone(item) }
            guard let incident = try await Self.lockIncident(item.incidentNumber, on: connection, logger: logger) else { return .noSuchItem }
            guard let decision = decide(item, incident) else { return .notAllowed(item) }
            let prepared = try PreparedDecision(decision, incident: incident.number)
            try await connection.query("UPDATE action_item SET state = \(ActionItem.State.done.rawValue), done_at = \(at) WHERE id = \(id)", logger: logger)
            try await prepared.store(incident: incident.number, at: at, on: connection, logger: logger)
            var done = item
            done.state = .done
            done.doneAt = at
            return .done(done)
        }
    }

    public func actionItem(id: Int) async throws(StoreError) -> ActionItem? {
        try await readOne("action item \(id)", "SELECT \(unescaped: Self.actionItemColumns) FROM action_item WHERE id = \(id)", Self.actionItem)
    }

    public func setTrackerKey(_ key: String, actionItem id: Int) async throws(StoreError) {
        let logger = self.logger
        try await connection("link action item \(id) to its issue") { connection in
            try await connection.query("UPDATE action_item SET tracker_key = \(key) WHERE id = \(id)", logger: logger)
        }
    }

    public func actionItems(incident number: Int?) async throws(StoreError) -> [ActionItem] {
        if let number {
            return try await readAll("action item", "SELECT \(unescaped: Self.actionItemColumns) FROM action_item WHERE incident_number = \(number) ORDER BY id", Self.actionItem)
        }
        return try await readAll("action item", "SELECT \(unescaped: Self.actionItemColumns) FROM action_item ORDER BY id", Self.actionItem)
    }

    public func recordSurvey(_ response: SurveyResponse, incident number: Int) async throws(StoreError) -> Bool {
        try PostgresDate.check(response.submittedAt, "a survey answer on incident #\(number)")
        let answers = try ColumnJSON.encode(response.answers, "the survey answers of \(response.userID) on incident #\(number)")
        let logger = self.logger
        return try await transaction("record a survey answer on incident #\(number)") { connection -> Bool in
            guard try await Self.first("SELECT number FROM incident WHERE number = \(number)", on: connection, logger: logger, { try $0.value("number", as: Int.self) }) != nil
            else { return false }
            try await connection.query("""
                INSERT INTO survey_response (incident_number, user_id, answers, submitted_at)
                VALUES (\(number), \(response.userID), \(answers), \(response.submittedAt))
                ON CONFLICT (incident_number, user_id) DO UPDATE SET answers = EXCLUDED.answers, submitted_at = EXCLUDED.submitted_at
                """, logger: logger)
            return true
        }
    }

    public func surveyResponses(incident number: Int) async throws(StoreError) -> [SurveyResponse] {
        try await readAll("survey answer", """
            SELECT incident_number, user_id, answers, submitted_at FROM survey_response WHERE incident_number = \(number) ORDER BY submitted_at, user_id
            """) { try Self.surveyResponse($0).response }
    }

    static let actionItemColumns = "id, incident_number, owner, text, due, state, created_by, created_at, done_at, tracker_key"

    static func actionItem(_ row: PostgresRandomAccessRow) throws -> ActionItem {
        let id: Int = try row.value("id")
        let stateText: String = try row.value("state")
        guard let state = ActionItem.State(rawValue: stateText) else { throw StoreError.corrupt("action item \(id) has state \(stateText)") }
        return ActionItem(
            id: id, incidentNumber: try row.value("incident_number"), owner: try row.value("owner"), text: try row.value("text"),
            due: try row.value("due"), state: state, createdBy: try row.value("created_by"), createdAt: try row.value("created_at"),
            doneAt: try row.value("done_at"), trackerKey: try row.value("tracker_key")
        )
    }

    static func surveyResponse(_ row: PostgresRandomAccessRow) throws -> (number: Int, response: SurveyResponse) {
        let number: Int = try row.value("incident_number")
        let userID: String = try row.value("user_id")
        let answers = try ColumnJSON.decode([String: String].self, from: try row.value("answers", as: String.self), "the survey answers of \(userID) on incident #\(number)")
        return (number, SurveyResponse(userID: userID, answers: answers, submittedAt: try row.value("submitted_at")))
    }
}
