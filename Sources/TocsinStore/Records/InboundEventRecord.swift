import Foundation
import GRDB

/// A row of `inbound_event`: an event or request id already handled, with the incident a request changed.
struct InboundEventRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "inbound_event"

    /// The properties as the table's columns name them.
    enum CodingKeys: String, CodingKey {
        case id, receivedAt = "received_at", incidentNumber = "incident_number"
    }

    /// The table's columns, named once.
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let incidentNumber = Column(CodingKeys.incidentNumber)
    }

    var id: String
    var receivedAt: Date
    var incidentNumber: Int?
}
