import Foundation
import GRDB
import TocsinApp
import TocsinCore

/// Reads across every incident at once, for reports (the KPIs): three queries however many incidents.
extension AppDatabase {
    public func incidentHistories() async throws(StoreError) -> [IncidentHistory] {
        let incidents = try await readAll("incident", { db in try Row.fetchAll(db, IncidentRecord.order(Column("number"))) }) { row in
            try IncidentRecord(row: row).incident()
        }
        let checkIns = try await readAll("check-in", { db in
            try Row.fetchAll(db, sql: "SELECT incident_number, user_id, checked_in_at FROM check_in ORDER BY checked_in_at, rowid")
        }) { row in (number: try row.decode(forColumn: "incident_number") as Int, checkIn: try Self.checkIn(from: row)) }
        let survey = try await readAll("survey answer", { db in
            try Row.fetchAll(db, sql: "SELECT incident_number, user_id, answers, submitted_at FROM survey_response ORDER BY submitted_at")
        }) { row in (number: try row.decode(forColumn: "incident_number") as Int, response: try Self.surveyResponse(from: row)) }
        let checkInsByIncident = Dictionary(grouping: checkIns, by: \.number)
        let surveyByIncident = Dictionary(grouping: survey, by: \.number)
        return incidents.map { incident in
            IncidentHistory(
                incident: incident,
                checkIns: checkInsByIncident[incident.number]?.map(\.checkIn) ?? [],
                survey: surveyByIncident[incident.number]?.map(\.response) ?? []
            )
        }
    }

    /// A `check_in` row.
    static func checkIn(from row: Row) throws -> CheckIn {
        CheckIn(userID: try row.decode(forColumn: "user_id"), at: try row.decode(forColumn: "checked_in_at"))
    }

    /// A `survey_response` row; answers that cannot be read count as none.
    static func surveyResponse(from row: Row) throws -> SurveyResponse {
        let stored: String = try row.decode(forColumn: "answers")
        let answers = (try? RecordJSON.decoder.decode([String: String].self, from: Data(stored.utf8))) ?? [:]
        return SurveyResponse(userID: try row.decode(forColumn: "user_id"), answers: answers, submittedAt: try row.decode(forColumn: "submitted_at"))
    }
}
