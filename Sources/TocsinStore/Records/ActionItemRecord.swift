import Foundation
import GRDB
import TocsinApp
import TocsinCore

/// A row of `action_item`.
struct ActionItemRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "action_item"

    /// The properties as the table's columns name them.
    enum CodingKeys: String, CodingKey {
        case id, incidentNumber = "incident_number", owner, text, due, state, createdBy = "created_by", createdAt = "created_at"
        case doneAt = "done_at", trackerKey = "tracker_key"
    }

    /// The table's columns, named once.
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let incidentNumber = Column(CodingKeys.incidentNumber)
        static let trackerKey = Column(CodingKeys.trackerKey)
    }

    var id: Int64?
    var incidentNumber: Int
    var owner: String
    var text: String
    var due: String?
    var state: String
    var createdBy: String
    var createdAt: Date
    var doneAt: Date?
    var trackerKey: String?

    init(_ item: ActionItem) {
        id = Int64(item.id)
        incidentNumber = item.incidentNumber
        owner = item.owner
        text = item.text
        due = item.due
        state = item.state.rawValue
        createdBy = item.createdBy
        createdAt = item.createdAt
        doneAt = item.doneAt
        trackerKey = item.trackerKey
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    func item() throws(StoreError) -> ActionItem {
        guard let id else { throw .corrupt("an action item of incident #\(incidentNumber) has no id") }
        guard let state = ActionItem.State(rawValue: state) else { throw .corrupt("action item \(id) has state \(self.state)") }
        return ActionItem(
            id: Int(id), incidentNumber: incidentNumber, owner: owner, text: text, due: due, state: state,
            createdBy: createdBy, createdAt: createdAt, doneAt: doneAt, trackerKey: trackerKey
        )
    }
}
