import Foundation
import PostgresNIO
import TocsinApp
import TocsinCore

/// Reads across every incident at once, for reports (the KPIs): three queries however many incidents.
extension PostgresStore {
    public func incidentHistories() async throws(StoreError) -> [IncidentHistory] {
        let incidents = try await readAll("incident", "SELECT \(unescaped: IncidentRow.columns) FROM incident ORDER BY number", IncidentRow.incident)
        let checkIns = try await readAll("check-in", "SELECT incident_number, user_id, checked_in_at FROM check_in ORDER BY checked_in_at, id") { row in
            (number: try row.value("incident_number", as: Int.self), checkIn: CheckIn(userID: try row.value("user_id"), at: try row.value("checked_in_at")))
        }
        let survey = try await readAll(
            "survey answer", "SELECT incident_number, user_id, answers, submitted_at FROM survey_response ORDER BY submitted_at, user_id", Self.surveyResponse
        )
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
}
