import Foundation
import PostgresNIO
import TocsinApp
import TocsinCore

/// What happens in an incident: its timeline, the transcript of its channel, and who checked in.
extension PostgresStore {
    public func timeline(incident number: Int) async throws(StoreError) -> [TimelineEntry] {
        try await readAll("timeline entry", """
            SELECT incident_number, at, kind, actor, text, key FROM timeline_entry WHERE incident_number = \(number) ORDER BY at, id
            """, TimelineRow.entry)
    }

    public func recordMessage(_ message: ChannelMessage, incident number: Int) async throws(StoreError) {
        try await writeMessage(message, incident: number, replacing: false)
    }

    public func recordEditedMessage(_ message: ChannelMessage, incident number: Int) async throws(StoreError) {
        try await writeMessage(message, incident: number, replacing: true)
    }

    private func writeMessage(_ message: ChannelMessage, incident number: Int, replacing: Bool) async throws(StoreError) {
        let text = try ColumnJSON.encode(message.text, "the text of message \(message.ts)")
        let files = try ColumnJSON.encode(message.files, "the files of message \(message.ts)")
        let logger = self.logger
        try await connection("record message \(message.ts)") { connection in
            if replacing {
                try await connection.query("""
                    INSERT INTO transcript_message (incident_number, ts, user_id, text, thread_ts, files)
                    VALUES (\(number), \(message.ts), \(message.user), \(text), \(message.threadTS), \(files))
                    ON CONFLICT (incident_number, ts) DO UPDATE
                    SET user_id = EXCLUDED.user_id, text = EXCLUDED.text, thread_ts = EXCLUDED.thread_ts, files = EXCLUDED.files
                    """, logger: logger)
            } else {
                try await connection.query("""
                    INSERT INTO transcript_message (incident_number, ts, user_id, text, thread_ts, files)
                    VALUES (\(number), \(message.ts), \(message.user), \(text), \(message.threadTS), \(files))
                    ON CONFLICT (incident_number, ts) DO NOTHING
                    """, logger: logger)
            }
        }
    }

    public func message(ts: String, incident number: Int) async throws(StoreError) -> ChannelMessage? {
        try await readOne("message \(ts)", """
            SELECT incident_number, ts, user_id, text, thread_ts, files FROM transcript_message WHERE incident_number = \(number) AND ts = \(ts)
            """, Self.message)
    }

    public func transcript(incident number: Int) async throws(StoreError) -> [ChannelMessage] {
        try await readAll("transcript message", """
            SELECT incident_number, ts, user_id, text, thread_ts, files FROM transcript_message WHERE incident_number = \(number) ORDER BY ts
            """, Self.message)
    }

    private static func message(_ row: PostgresRandomAccessRow) throws -> ChannelMessage {
        let ts: String = try row.value("ts")
        let number: Int = try row.value("incident_number")
        let what = "message \(ts) of incident #\(number)"
        let files = try ColumnJSON.decode([String].self, from: try row.value("files", as: String.self), "the files of \(what)")
        let text = try ColumnJSON.decode(RichText.self, from: try row.value("text", as: String.self), "the text of \(what)")
        return ChannelMessage(ts: ts, user: try row.value("user_id"), text: text, threadTS: try row.value("thread_ts"), files: files)
    }

    public func recordCheckIn(
        incident number: Int, userID: String, at: Date, requestID: String?,
        _ decide: @escaping @Sendable (Incident, Bool) -> Decision
    ) async throws(StoreError) -> RequestOutcome<CheckInOutcome> {
        let logger = self.logger
        return try await transaction("record a check-in on incident #\(number)") { connection -> RequestOutcome<CheckInOutcome> in
            let incident = try await Self.lockIncident(number, on: connection, logger: logger)
            if let earlier = try await Self.handledRequest(requestID, on: connection, logger: logger) { return .repeated(incident: earlier) }
            guard let incident else { return .done(.noSuchIncident) }
            if let earlier = try await Self.first(
                "SELECT checked_in_at FROM check_in WHERE incident_number = \(number) AND user_id = \(userID)", on: connection, logger: logger, {
                    try $0.value("checked_in_at", as: Date.self)
                }) {
                return .done(.alreadyCheckedIn(at: earlier))
            }
            try PostgresDate.check(at, "a check-in on incident #\(number)")
            let isFirst = try await Self.first("SELECT count(*) AS n FROM check_in WHERE incident_number = \(number)", on: connection, logger: logger, {
                try $0.value("n", as: Int64.self)
            }) == 0
            try await connection.query("INSERT INTO check_in (incident_number, user_id, checked_in_at) VALUES (\(number), \(userID), \(at))", logger: logger)
            let prepared = try PreparedDecision(decide(incident, isFirst), incident: number)
            try await prepared.store(incident: number, at: at, on: connection, logger: logger)
            if try await !Self.recordRequest(requestID, incident: number, at: at, on: connection, logger: logger) {
                throw RollingBack(value: RequestOutcome<CheckInOutcome>.repeated(incident: number))
            }
            return .done(.recorded(isFirst: isFirst))
        }
    }

    public func checkIns(incident number: Int) async throws(StoreError) -> [CheckIn] {
        try await readAll("check-in", """
            SELECT user_id, checked_in_at FROM check_in WHERE incident_number = \(number) ORDER BY checked_in_at, id
            """) { CheckIn(userID: try $0.value("user_id"), at: try $0.value("checked_in_at")) }
    }
}
