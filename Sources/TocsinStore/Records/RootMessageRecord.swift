import GRDB
import TocsinApp

/// A row of `root_message`: an incident's root message in a ring channel, edited in place.
struct RootMessageRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "root_message"

    /// The properties as the table's columns name them.
    enum CodingKeys: String, CodingKey {
        case incidentNumber = "incident_number", channelName = "channel_name", channelID = "channel_id", ts
    }

    /// The table's columns, named once.
    enum Columns {
        static let incidentNumber = Column(CodingKeys.incidentNumber)
        static let channelName = Column(CodingKeys.channelName)
        static let channelID = Column(CodingKeys.channelID)
        static let ts = Column(CodingKeys.ts)
    }

    var incidentNumber: Int
    var channelName: String
    var channelID: String
    var ts: String

    var rootMessage: RootMessage { RootMessage(channelID: channelID, ts: ts) }
}
