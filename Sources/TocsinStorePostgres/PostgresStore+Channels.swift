import Foundation
import PostgresNIO
import TocsinApp
import TocsinCore

/// Channels: incidents' root messages, the directory of ring channels, and the inbound events already seen.
extension PostgresStore {
    public func recordRootMessage(incident number: Int, channelName: String, channelID: String, ts: String) async throws(StoreError) {
        let logger = self.logger
        try await connection("record incident #\(number)'s root message") { connection in
            try await connection.query("""
                INSERT INTO root_message (incident_number, channel_name, channel_id, ts) VALUES (\(number), \(channelName), \(channelID), \(ts))
                ON CONFLICT (incident_number, channel_name) DO UPDATE SET channel_id = EXCLUDED.channel_id, ts = EXCLUDED.ts
                """, logger: logger)
        }
    }

    public func rootMessage(incident number: Int, channelName: String) async throws(StoreError) -> RootMessage? {
        try await readOne("a root message", """
            SELECT channel_id, ts FROM root_message WHERE incident_number = \(number) AND channel_name = \(channelName)
            """) { RootMessage(channelID: try $0.value("channel_id"), ts: try $0.value("ts")) }
    }

    public func incident(rootMessageTS ts: String, channelID: String) async throws(StoreError) -> Incident? {
        try await readOne("an incident", """
            SELECT \(unescaped: IncidentRow.columns) FROM incident
            WHERE number = (SELECT incident_number FROM root_message WHERE channel_id = \(channelID) AND ts = \(ts))
            """, IncidentRow.incident)
    }

    /// One `INSERT … ON CONFLICT DO NOTHING`: of replicas recording the same id at once, exactly one inserts it.
    public func recordInboundEvent(id: String, at: Date) async throws(StoreError) -> Bool {
        try PostgresDate.check(at, "inbound event \(id)")
        let logger = self.logger
        return try await connection("record inbound event \(id)") { connection in
            try await Self.first("""
                INSERT INTO inbound_event (id, received_at) VALUES (\(id), \(at)) ON CONFLICT (id) DO NOTHING RETURNING id
                """, on: connection, logger: logger) { try $0.value("id", as: String.self) } != nil
        }
    }

    public func knownChannel(named name: String) async throws(StoreError) -> ChannelInfo? {
        try await readOne("a known channel", "SELECT name, id, creator FROM known_channel WHERE name = \(name)") {
            ChannelInfo(id: try $0.value("id"), name: try $0.value("name"), creator: try $0.value("creator"))
        }
    }

    public func rememberChannel(_ channel: ChannelInfo) async throws(StoreError) {
        let logger = self.logger
        try await connection("remember channel \(channel.name)") { connection in
            try await connection.query("""
                INSERT INTO known_channel (name, id, creator) VALUES (\(channel.name), \(channel.id), \(channel.creator))
                ON CONFLICT (name) DO UPDATE SET id = EXCLUDED.id, creator = EXCLUDED.creator
                """, logger: logger)
        }
    }
}
