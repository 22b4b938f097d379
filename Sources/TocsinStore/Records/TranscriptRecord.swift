import Foundation
import GRDB
import TocsinApp
import TocsinCore

/// A row of `transcript_message`.
struct TranscriptRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "transcript_message"

    /// The properties as the table's columns name them.
    enum CodingKeys: String, CodingKey {
        case incidentNumber = "incident_number", ts, userID = "user_id", text, threadTS = "thread_ts", files
    }

    /// The table's columns, named once.
    enum Columns {
        static let incidentNumber = Column(CodingKeys.incidentNumber)
        static let ts = Column(CodingKeys.ts)
    }

    var incidentNumber: Int
    var ts: String
    var userID: String
    /// JSON of ``RichText``.
    var text: String
    var threadTS: String?
    /// JSON array of file names.
    var files: String

    init(_ message: ChannelMessage, incident number: Int) throws(StoreError) {
        incidentNumber = number
        ts = message.ts
        userID = message.user
        text = try RecordJSON.column(message.text, "the text of message \(message.ts)")
        threadTS = message.threadTS
        files = try RecordJSON.column(message.files, "the files of message \(message.ts)")
    }

    func message() throws(StoreError) -> ChannelMessage {
        let what = "message \(ts) of incident #\(incidentNumber)"
        let names = try RecordJSON.decode([String].self, from: files, "the files of \(what)")
        let text = try RecordJSON.decode(RichText.self, from: text, "the text of \(what)")
        return ChannelMessage(ts: ts, user: userID, text: text, threadTS: threadTS, files: names)
    }
}
