import Foundation
import GRDB
import TocsinApp
import TocsinCore

/// What happens in an incident: its timeline, the transcript of its channel, and who checked in.
extension AppDatabase {
    /// A row that cannot be read (a date an older version stored unreadably) is logged and left out.
    public func timeline(incident number: Int) async throws(StoreError) -> [TimelineEntry] {
        return try await readAll("timeline entry", { db in
            let columns = TimelineRecord.Columns.self
            return try Row.fetchAll(db, TimelineRecord.filter(columns.incidentNumber == number).order(columns.at, columns.id))
        }) { row in try TimelineRecord(row: row).entry() }
    }

    public func recordMessage(_ message: ChannelMessage, incident number: Int) async throws(StoreError) {
        let record = try TranscriptRecord(message, incident: number)
        try await write { db in try record.insert(db, onConflict: .ignore) }
    }

    public func recordEditedMessage(_ message: ChannelMessage, incident number: Int) async throws(StoreError) {
        let record = try TranscriptRecord(message, incident: number)
        try await write { db in try record.insert(db, onConflict: .replace) }
    }

    public func message(ts: String, incident number: Int) async throws(StoreError) -> ChannelMessage? {
        try await read { db in
            let columns = TranscriptRecord.Columns.self
            return try TranscriptRecord.fetchOne(db, key: [columns.incidentNumber.name: number.databaseValue, columns.ts.name: ts.databaseValue])?.message()
        }
    }

    public func transcript(incident number: Int) async throws(StoreError) -> [ChannelMessage] {
        return try await readAll("transcript message", { db in
            let columns = TranscriptRecord.Columns.self
            return try Row.fetchAll(db, TranscriptRecord.filter(columns.incidentNumber == number).order(columns.ts))
        }) { row in try TranscriptRecord(row: row).message() }
    }

    public func recordCheckIn(
        incident number: Int, userID: String, at: Date, requestID: String?,
        _ decide: @escaping @Sendable (Incident, Bool) -> Decision
    ) async throws(StoreError) -> RequestOutcome<CheckInOutcome> {
        try await write { db in
            if let earlier = try Self.handledRequest(requestID, in: db) { return .repeated(incident: earlier) }
            guard let incident = try IncidentRecord.fetchOne(db, key: number)?.incident() else { return .done(.noSuchIncident) }
            let columns = CheckInRecord.Columns.self
            let key = [columns.incidentNumber.name: number.databaseValue, columns.userID.name: userID.databaseValue]
            if let earlier = try CheckInRecord.fetchOne(db, key: key) {
                return .done(.alreadyCheckedIn(at: earlier.checkedInAt))
            }
            try StoredDate.check(at, "a check-in on incident #\(number)")
            let isFirst = try CheckInRecord.filter(columns.incidentNumber == number).fetchCount(db) == 0
            try CheckInRecord(incidentNumber: number, userID: userID, checkedInAt: at).insert(db)
            try Self.store(decide(incident, isFirst), incident: number, at: at, in: db)
            try Self.recordRequest(requestID, incident: number, at: at, in: db)
            return .done(.recorded(isFirst: isFirst))
        }
    }

    public func checkIns(incident number: Int) async throws(StoreError) -> [CheckIn] {
        return try await readAll("check-in", { db in
            let columns = CheckInRecord.Columns.self
            return try Row.fetchAll(db, CheckInRecord.filter(columns.incidentNumber == number).order(columns.checkedInAt, Column.rowID))
        }) { row in try CheckInRecord(row: row).checkIn }
    }
}
