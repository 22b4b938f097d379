import GRDB
import TocsinCore

/// A row of `known_channel`: a ring channel the bot has found or created, by name.
struct KnownChannelRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "known_channel"

    /// The table's columns, named once.
    enum Columns {
        static let name = Column(CodingKeys.name)
    }

    var name: String
    var id: String
    var creator: String?

    init(_ channel: ChannelInfo) {
        name = channel.name
        id = channel.id
        creator = channel.creator
    }

    var channel: ChannelInfo { ChannelInfo(id: id, name: name, creator: creator) }
}
