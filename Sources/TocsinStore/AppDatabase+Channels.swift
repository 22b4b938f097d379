import Foundation
import GRDB
import TocsinApp
import TocsinCore

/// Channels: incidents' root messages, the directory of ring channels, and the inbound events already seen.
extension AppDatabase {
    public func recordRootMessage(incident number: Int, channelName: String, channelID: String, ts: String) async throws(StoreError) {
        try await write { db in
            try RootMessageRecord(incidentNumber: number, channelName: channelName, channelID: channelID, ts: ts).upsert(db)
        }
    }

    public func rootMessage(incident number: Int, channelName: String) async throws(StoreError) -> RootMessage? {
        try await read { db in
            let columns = RootMessageRecord.Columns.self
            return try RootMessageRecord.fetchOne(db, key: [columns.incidentNumber.name: number.databaseValue, columns.channelName.name: channelName.databaseValue])?
                .rootMessage
        }
    }

    public func incident(rootMessageTS ts: String, channelID: String) async throws(StoreError) -> Incident? {
        try await read { db in
            let root = RootMessageRecord.Columns.self
            let roots = RootMessageRecord.filter(root.channelID == channelID && root.ts == ts).select(root.incidentNumber)
            guard let number = try Int.fetchOne(db, roots) else { return nil }
            return try IncidentRecord.fetchOne(db, key: number)?.incident()
        }
    }

    public func recordInboundEvent(id: String, at: Date) async throws(StoreError) -> Bool {
        try StoredDate.check(at, "inbound event \(id)")
        return try await write { db in
            try InboundEventRecord(id: id, receivedAt: at, incidentNumber: nil).insert(db, onConflict: .ignore)
            return db.changesCount == 1
        }
    }

    public func knownChannel(named name: String) async throws(StoreError) -> ChannelInfo? {
        try await read { db in try KnownChannelRecord.filter(KnownChannelRecord.Columns.name == name).fetchOne(db)?.channel }
    }

    public func rememberChannel(_ channel: ChannelInfo) async throws(StoreError) {
        try await write { db in try KnownChannelRecord(channel).upsert(db) }
    }
}
