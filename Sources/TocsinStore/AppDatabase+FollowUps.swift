import Foundation
import GRDB
import TocsinApp
import TocsinCore

/// What follows an incident: action items and the participants' survey answers.
extension AppDatabase {
    public func addActionItem(
        incident number: Int, at: Date, requestID: String?, _ decide: @escaping @Sendable (Incident, Int) -> (ActionItem, Decision)
    ) async throws(StoreError) -> RequestOutcome<ActionItem?> {
        try await write { db in
            if let earlier = try Self.handledRequest(requestID, in: db) { return .repeated(incident: earlier) }
            guard let incident = try IncidentRecord.fetchOne(db, key: number)?.incident() else { return .done(nil) }
            let highest = try Int.fetchOne(db, ActionItemRecord.select(max(ActionItemRecord.Columns.id))) ?? 0
            let (item, decision) = decide(incident, highest + 1)
            var record = ActionItemRecord(item)
            record.incidentNumber = number
            record.trackerKey = nil
            try record.insert(db)
            try Self.store(decision, incident: number, at: at, in: db)
            try Self.recordRequest(requestID, incident: number, at: at, in: db)
            return .done(item)
        }
    }

    public func completeActionItem(
        id: Int, at: Date, _ decide: @escaping @Sendable (ActionItem, Incident) -> Decision?
    ) async throws(StoreError) -> ActionItemCompletion {
        try await write { db in
            guard var record = try ActionItemRecord.fetchOne(db, key: id) else { return .noSuchItem }
            let item = try record.item()
            guard item.state == .open else { return .alreadyDone(item) }
            guard let incident = try IncidentRecord.fetchOne(db, key: item.incidentNumber)?.incident() else { return .noSuchItem }
            guard let decision = decide(item, incident) else { return .notAllowed(item) }
            record.state = ActionItem.State.done.rawValue
            record.doneAt = at
            try record.update(db)
            try Self.store(decision, incident: incident.number, at: at, in: db)
            return .done(try record.item())
        }
    }

    public func actionItem(id: Int) async throws(StoreError) -> ActionItem? {
        try await read { db in try ActionItemRecord.fetchOne(db, key: id)?.item() }
    }

    public func setTrackerKey(_ key: String, actionItem id: Int) async throws(StoreError) {
        try await write { db in
            _ = try ActionItemRecord.filter(key: id).updateAll(db, ActionItemRecord.Columns.trackerKey.set(to: key))
        }
    }

    public func actionItems(incident number: Int?) async throws(StoreError) -> [ActionItem] {
        return try await readAll("action item", { db in
            let columns = ActionItemRecord.Columns.self
            var request = ActionItemRecord.order(columns.id)
            if let number { request = request.filter(columns.incidentNumber == number) }
            return try Row.fetchAll(db, request)
        }) { row in try ActionItemRecord(row: row).item() }
    }

    public func recordSurvey(_ response: SurveyResponse, incident number: Int) async throws(StoreError) -> Bool {
        let record = try SurveyResponseRecord(response, incident: number)
        return try await write { db in
            guard try IncidentRecord.exists(db, key: number) else { return false }
            try record.insert(db, onConflict: .replace)
            return true
        }
    }

    public func surveyResponses(incident number: Int) async throws(StoreError) -> [SurveyResponse] {
        return try await readAll("survey answer", { db in
            let columns = SurveyResponseRecord.Columns.self
            return try Row.fetchAll(db, SurveyResponseRecord.filter(columns.incidentNumber == number).order(columns.submittedAt))
        }) { row in try SurveyResponseRecord(row: row).response() }
    }
}
