import Foundation
import GRDB
import TocsinApp
import TocsinCore

/// Reads across every incident at once, for reports (the KPIs): three queries however many incidents.
extension AppDatabase {
    public func incidentHistories() async throws(StoreError) -> [IncidentHistory] {
        let incidents = try await readAll("incident", { db in try Row.fetchAll(db, IncidentRecord.order(IncidentRecord.Columns.number)) }) { row in
            try IncidentRecord(row: row).incident()
        }
        let checkIns = try await readAll("check-in", { db in
            let columns = CheckInRecord.Columns.self
            return try Row.fetchAll(db, CheckInRecord.order(columns.checkedInAt, Column.rowID))
        }) { row in try CheckInRecord(row: row) }
        let survey = try await readAll("survey answer", { db in
            try Row.fetchAll(db, SurveyResponseRecord.order(SurveyResponseRecord.Columns.submittedAt))
        }) { row in
            let record = try SurveyResponseRecord(row: row)
            return (number: record.incidentNumber, response: try record.response())
        }
        let checkInsByIncident = Dictionary(grouping: checkIns, by: \.incidentNumber)
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
