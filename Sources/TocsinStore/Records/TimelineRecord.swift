import Foundation
import GRDB
import TocsinApp
import TocsinCore

/// A row of `timeline_entry`.
struct TimelineRecord: FetchableRecord, TableRecord {
    static let databaseTableName = "timeline_entry"

    /// The table's columns, named once.
    enum Columns {
        static let id = Column("id")
        static let incidentNumber = Column("incident_number")
        static let at = Column("at")
        static let kind = Column("kind")
        static let actor = Column("actor")
        static let text = Column("text")
        static let key = Column("key")
    }

    var incidentNumber: Int
    var at: Date
    var kind: String
    var actor: String?
    /// JSON of ``RichText``.
    var text: String
    var key: String

    init(row: Row) throws {
        incidentNumber = try row.decode(forColumn: Columns.incidentNumber.name)
        at = try row.decode(forColumn: Columns.at.name)
        kind = try row.decode(forColumn: Columns.kind.name)
        actor = try row.decode(forColumn: Columns.actor.name)
        text = try row.decode(forColumn: Columns.text.name)
        key = try row.decode(forColumn: Columns.key.name)
    }

    func entry() throws(StoreError) -> TimelineEntry {
        guard let kind = TimelineEntry.Kind(rawValue: kind) else { throw .corrupt("timeline entry \(key) has kind \(self.kind)") }
        let text = try RecordJSON.decode(RichText.self, from: text, "the text of timeline entry \(key) of incident #\(incidentNumber)")
        return TimelineEntry(at: at, kind: kind, actor: actor, text: text, key: key)
    }

    /// Adds the entries (an existing key is kept as it was) and removes the listed keys.
    static func apply(_ entries: [TimelineEntry], removing keys: [String], incident number: Int, in db: Database) throws {
        if !entries.isEmpty {
            let columns = [Columns.incidentNumber, Columns.at, Columns.kind, Columns.actor, Columns.text, Columns.key]
            let statement = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO \(databaseTableName) (\(columns.map(\.name).joined(separator: ", "))) VALUES (?, ?, ?, ?, ?, ?)
                """)
            for entry in entries {
                try StoredDate.check(entry.at, "timeline entry \(entry.key)")
                let text = try RecordJSON.column(entry.text, "the text of timeline entry \(entry.key)")
                try statement.execute(arguments: [number, StoredDate.databaseValue(entry.at), entry.kind.rawValue, entry.actor, text, entry.key])
            }
        }
        if !keys.isEmpty {
            try filter(Columns.incidentNumber == number && keys.contains(Columns.key)).deleteAll(db)
        }
    }
}
