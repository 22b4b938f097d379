import Foundation
import GRDB
import TocsinApp
import TocsinCore

/// The JSON columns' coders, made once (they hold no per-call state).
enum RecordJSON {
    static let encoder = JSONEncoder()
    static let decoder = JSONDecoder()

    /// What people wrote, as its column holds it: the JSON of ``RichText`` (a JSON string for text alone).
    static func column(_ text: RichText) -> String {
        guard let data = try? encoder.encode(text) else { return column(RichText(text.plainText)) }
        return String(decoding: data, as: UTF8.self)
    }

    /// A rich-text column read back; a value that is not its JSON is kept as plain text rather than lost.
    static func richText(_ stored: String) -> RichText {
        (try? decoder.decode(RichText.self, from: Data(stored.utf8))) ?? RichText(stored)
    }
}

/// A row of `incident`.
///
/// The hot records (incident, outbox, timeline) map their columns by hand: a declaration writes a dozen
/// rows inside the group commit, and Codable with snake-case conversion cost more than SQLite itself.
struct IncidentRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "incident"

    var number: Int
    var title: String
    var severity: String
    var service: String?
    var tier: Int
    var state: String
    var commander: String
    var commsLead: String?
    var scribe: String?
    var declaredBy: String
    var declaredAt: Date
    var channelId: String?
    var channelName: String?
    var channelCreator: String?
    /// JSON of ``RichText``.
    var latestStatus: String?
    var lastStatusAt: Date?
    var nextUpdateDue: Date?
    var missedUpdates: Int
    /// JSON array of `{name, ring}`.
    var toldChannels: String
    var resolvedAt: Date?

    init(_ incident: Incident) throws(StoreError) {
        try StoredDate.check(incident.declaredAt, "incident #\(incident.number)")
        try StoredDate.check(incident.lastStatusAt, "incident #\(incident.number)")
        try StoredDate.check(incident.nextUpdateDue, "incident #\(incident.number)")
        try StoredDate.check(incident.resolvedAt, "incident #\(incident.number)")
        number = incident.number
        title = incident.title
        severity = incident.severity.rawValue
        service = incident.service
        tier = incident.tier
        state = incident.state.rawValue
        commander = incident.commander
        commsLead = incident.commsLead
        scribe = incident.scribe
        declaredBy = incident.declaredBy
        declaredAt = incident.declaredAt
        channelId = incident.channel?.id
        channelName = incident.channel?.name
        channelCreator = incident.channel?.creator
        latestStatus = incident.latestStatus.map(RecordJSON.column)
        lastStatusAt = incident.lastStatusAt
        nextUpdateDue = incident.nextUpdateDue
        missedUpdates = incident.missedUpdates
        resolvedAt = incident.resolvedAt
        do {
            toldChannels = String(decoding: try RecordJSON.encoder.encode(incident.toldChannels), as: UTF8.self)
        } catch {
            throw .corrupt("cannot encode the told channels of #\(incident.number): \(error)")
        }
    }

    /// Reads with GRDB's throwing accessors: a value that cannot be read (a date written as garbage by an
    /// older version) is an error for this row, never a trap.
    init(row: Row) throws {
        number = try row.decode(forColumn: "number")
        title = try row.decode(forColumn: "title")
        severity = try row.decode(forColumn: "severity")
        service = try row.decode(forColumn: "service")
        tier = try row.decode(forColumn: "tier")
        state = try row.decode(forColumn: "state")
        commander = try row.decode(forColumn: "commander")
        commsLead = try row.decode(forColumn: "comms_lead")
        scribe = try row.decode(forColumn: "scribe")
        declaredBy = try row.decode(forColumn: "declared_by")
        declaredAt = try row.decode(forColumn: "declared_at")
        channelId = try row.decode(forColumn: "channel_id")
        channelName = try row.decode(forColumn: "channel_name")
        channelCreator = try row.decode(forColumn: "channel_creator")
        latestStatus = try row.decode(forColumn: "latest_status")
        lastStatusAt = try row.decode(forColumn: "last_status_at")
        nextUpdateDue = try row.decode(forColumn: "next_update_due")
        missedUpdates = try row.decode(forColumn: "missed_updates")
        toldChannels = try row.decode(forColumn: "told_channels")
        resolvedAt = try row.decode(forColumn: "resolved_at")
    }

    func encode(to container: inout PersistenceContainer) {
        container["number"] = number
        container["title"] = title
        container["severity"] = severity
        container["service"] = service
        container["tier"] = tier
        container["state"] = state
        container["commander"] = commander
        container["comms_lead"] = commsLead
        container["scribe"] = scribe
        container["declared_by"] = declaredBy
        container["declared_at"] = declaredAt
        container["channel_id"] = channelId
        container["channel_name"] = channelName
        container["channel_creator"] = channelCreator
        container["latest_status"] = latestStatus
        container["last_status_at"] = lastStatusAt
        container["next_update_due"] = nextUpdateDue
        container["missed_updates"] = missedUpdates
        container["told_channels"] = toldChannels
        container["resolved_at"] = resolvedAt
    }

    func incident() throws(StoreError) -> Incident {
        guard let state = IncidentState(rawValue: state) else { throw .corrupt("incident #\(number) has state \(self.state)") }
        guard let severity = Severity(rawValue: severity) else { throw .corrupt("incident #\(number) has severity \(self.severity)") }
        let channel = channelId.map { ChannelInfo(id: $0, name: channelName ?? $0, creator: channelCreator) }
        let told: [RingChannel]
        do {
            told = try RecordJSON.decoder.decode([RingChannel].self, from: Data(toldChannels.utf8))
        } catch {
            throw .corrupt("incident #\(number) has unreadable told channels: \(error)")
        }
        return Incident(
            number: number, title: title, severity: severity, service: service, tier: tier, state: state,
            commander: commander, commsLead: commsLead, scribe: scribe, declaredBy: declaredBy, declaredAt: declaredAt,
            channel: channel, latestStatus: latestStatus.map(RecordJSON.richText), lastStatusAt: lastStatusAt, nextUpdateDue: nextUpdateDue,
            missedUpdates: missedUpdates, toldChannels: told, resolvedAt: resolvedAt
        )
    }
}

/// A row of `outbox`: one chat API effect and how its delivery went.
struct OutboxRecord: FetchableRecord, TableRecord {
    static let databaseTableName = "outbox"

    var id: Int64
    var incidentNumber: Int
    var lane: String
    var effect: String
    var needsChannel: Bool
    var status: String
    var attempts: Int
    var settledAttempts: Int
    var notBefore: Date
    var lastError: String?
    var result: String?
    var createdAt: Date
    var finishedAt: Date?

    init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        incidentNumber = try row.decode(forColumn: "incident_number")
        lane = try row.decode(forColumn: "lane")
        effect = try row.decode(forColumn: "effect")
        needsChannel = try row.decode(forColumn: "needs_channel")
        status = try row.decode(forColumn: "status")
        attempts = try row.decode(forColumn: "attempts")
        settledAttempts = try row.decode(forColumn: "settled_attempts")
        notBefore = try row.decode(forColumn: "not_before")
        lastError = try row.decode(forColumn: "last_error")
        result = try row.decode(forColumn: "result")
        createdAt = try row.decode(forColumn: "created_at")
        finishedAt = try row.decode(forColumn: "finished_at")
    }

    /// An entry ready to insert: its lane worked out and its effect encoded, outside the transaction.
    struct Prepared: Sendable {
        var lane: String
        var effect: String
        var needsChannel: Bool
    }

    static func prepare(_ effects: [Effect], incident number: Int) throws(StoreError) -> [Prepared] {
        var prepared: [Prepared] = []
        prepared.reserveCapacity(effects.count)
        for effect in effects {
            let placement = OutboxEntry.placement(of: effect, incident: number)
            do {
                let json = String(decoding: try RecordJSON.encoder.encode(effect), as: UTF8.self)
                prepared.append(Prepared(lane: placement.lane, effect: json, needsChannel: placement.needsIncidentChannel))
            } catch {
                throw .corrupt("cannot encode an effect: \(error)")
            }
        }
        return prepared
    }

    /// Queues the entries as pending, through one cached statement with the date formatted once:
    /// a declaration writes a dozen of them inside the group commit.
    static func insertPending(_ entries: [Prepared], incident number: Int, at date: Date, in db: Database) throws {
        guard !entries.isEmpty else { return }
        try StoredDate.check(date, "an outbox entry of incident #\(number)")
        let statement = try db.cachedStatement(sql: """
            INSERT INTO outbox (incident_number, lane, effect, needs_channel, status, attempts, settled_attempts, not_before, created_at)
            VALUES (?, ?, ?, ?, 'pending', 0, 0, ?, ?)
            """)
        let stamp = date.databaseValue
        for entry in entries {
            try statement.execute(arguments: [number, entry.lane, entry.effect, entry.needsChannel, stamp, stamp])
        }
    }

    func entry() throws(StoreError) -> OutboxEntry {
        guard let status = OutboxEntry.Status(rawValue: status) else { throw .corrupt("outbox row \(id) has status \(self.status)") }
        let decoded: Effect
        do {
            decoded = try RecordJSON.decoder.decode(Effect.self, from: Data(effect.utf8))
        } catch {
            throw .corrupt("outbox row \(id) holds an effect this version cannot read: \(error)")
        }
        return OutboxEntry(
            id: id, incidentNumber: incidentNumber, lane: lane, effect: decoded, needsIncidentChannel: needsChannel,
            status: status, attempts: attempts, settledAttempts: settledAttempts, notBefore: notBefore, lastError: lastError, result: result, createdAt: createdAt
        )
    }
}

/// A row of `known_channel`: a ring channel the bot has found or created, by name.
struct KnownChannelRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "known_channel"

    var name: String
    var id: String
    var creator: String?
}

/// A row of `root_message`: an incident's root message in a ring channel, edited in place.
struct RootMessageRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "root_message"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var incidentNumber: Int
    var channelName: String
    var channelId: String
    var ts: String
}

/// A row of `timeline_entry`.
struct TimelineRecord: FetchableRecord, TableRecord {
    static let databaseTableName = "timeline_entry"

    var incidentNumber: Int
    var at: Date
    var kind: String
    var actor: String?
    /// JSON of ``RichText``.
    var text: String
    var key: String

    init(row: Row) throws {
        incidentNumber = try row.decode(forColumn: "incident_number")
        at = try row.decode(forColumn: "at")
        kind = try row.decode(forColumn: "kind")
        actor = try row.decode(forColumn: "actor")
        text = try row.decode(forColumn: "text")
        key = try row.decode(forColumn: "key")
    }

    func entry() throws(StoreError) -> TimelineEntry {
        guard let kind = TimelineEntry.Kind(rawValue: kind) else { throw .corrupt("timeline entry \(key) has kind \(self.kind)") }
        return TimelineEntry(at: at, kind: kind, actor: actor, text: RecordJSON.richText(text), key: key)
    }

    /// Adds the entries (an existing key is kept as it was) and removes the listed keys.
    static func apply(_ entries: [TimelineEntry], removing keys: [String], incident number: Int, in db: Database) throws {
        if !entries.isEmpty {
            let statement = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO timeline_entry (incident_number, at, kind, actor, text, key) VALUES (?, ?, ?, ?, ?, ?)
                """)
            for entry in entries {
                try StoredDate.check(entry.at, "timeline entry \(entry.key)")
                try statement.execute(arguments: [number, entry.at, entry.kind.rawValue, entry.actor, RecordJSON.column(entry.text), entry.key])
            }
        }
        for key in keys {
            try db.execute(sql: "DELETE FROM timeline_entry WHERE incident_number = ? AND key = ?", arguments: [number, key])
        }
    }
}

/// A row of `transcript_message`.
struct TranscriptRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "transcript_message"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var incidentNumber: Int
    var ts: String
    var userId: String
    /// JSON of ``RichText``.
    var text: String
    var threadTs: String?
    /// JSON array of file names.
    var files: String

    init(_ message: ChannelMessage, incident number: Int) {
        incidentNumber = number
        ts = message.ts
        userId = message.user
        text = RecordJSON.column(message.text)
        threadTs = message.threadTS
        files = String(decoding: (try? RecordJSON.encoder.encode(message.files)) ?? Data("[]".utf8), as: UTF8.self)
    }

    var message: ChannelMessage {
        let names = (try? RecordJSON.decoder.decode([String].self, from: Data(files.utf8))) ?? []
        return ChannelMessage(ts: ts, user: userId, text: RecordJSON.richText(text), threadTS: threadTs, files: names)
    }
}

/// A row of `action_item`.
struct ActionItemRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "action_item"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

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

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    func item() throws(StoreError) -> ActionItem {
        guard let id, let state = ActionItem.State(rawValue: state) else { throw .corrupt("action item without id or with state \(self.state)") }
        return ActionItem(
            id: Int(id), incidentNumber: incidentNumber, owner: owner, text: text, due: due, state: state,
            createdBy: createdBy, createdAt: createdAt, doneAt: doneAt, trackerKey: trackerKey
        )
    }
}
