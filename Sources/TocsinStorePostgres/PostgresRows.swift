import Foundation
import PostgresNIO
import TocsinApp
import TocsinCore
import TocsinJSON

/// Reading a column by name: a value this version cannot read is an error for the row, never a trap.
extension PostgresRandomAccessRow {
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }
}

/// The dates the store agrees to write: 1970-01-01 to 9999-12-31 UTC, the same range as the SQLite store,
/// so a value either store refuses is refused by both (and a NaN never reaches a row).
enum PostgresDate {
    static let range = Date(timeIntervalSince1970: 0)...Date(timeIntervalSince1970: 253_402_300_799)

    /// Throws `.unstorable` naming `what` when `date` is outside ``range`` or not finite.
    static func check(_ date: Date?, _ what: @autoclosure () -> String) throws(StoreError) {
        guard let date else { return }
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite, range.contains(date) else {
            throw .unstorable("\(what()) has a date that cannot be stored (\(seconds) seconds since 1970)")
        }
    }
}

/// The JSON text columns: the same encoding the SQLite store writes.
enum ColumnJSON {
    static func encode<Value: Encodable>(_ value: Value, _ what: @autoclosure () -> String) throws(StoreError) -> String {
        do {
            return try ColumnEncoder.encode(value)
        } catch {
            throw .unstorable("\(what()) cannot be encoded: \(error)")
        }
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from stored: String, _ what: @autoclosure () -> String) throws(StoreError) -> Value {
        do {
            return try JSONDecoder().decode(type, from: Data(stored.utf8))
        } catch {
            throw .corrupt("\(what()) cannot be read: \(error)")
        }
    }
}

/// How a ``Lane`` is stored in `outbox.lane`, in the same form as the SQLite store.
enum LaneText {
    static func column(_ lane: Lane) -> String {
        switch lane {
        case .incident(let number): "incident-\(number)"
        case .topic(let number): "topic-\(number)"
        case .channel(let name): "channel-\(name)"
        case .tracker: "tracker"
        case .paging(let number): "paging-\(number)"
        case .alarm(let number, let due): "alarm-\(number)-\(due)"
        }
    }

    static func lane(_ column: String, row id: Int64) throws(StoreError) -> Lane {
        if column == "tracker" { return .tracker }
        if column.hasPrefix("channel-"), column.count > "channel-".count { return .channel(String(column.dropFirst("channel-".count))) }
        if column.hasPrefix("incident-"), let number = Int(column.dropFirst("incident-".count)) { return .incident(number) }
        if column.hasPrefix("topic-"), let number = Int(column.dropFirst("topic-".count)) { return .topic(number) }
        if column.hasPrefix("paging-"), let number = Int(column.dropFirst("paging-".count)) { return .paging(number) }
        if column.hasPrefix("alarm-") {
            let parts = column.dropFirst("alarm-".count).split(separator: "-", omittingEmptySubsequences: false)
            if parts.count == 2, let number = Int(parts[0]), let due = Int(parts[1]) { return .alarm(number, due: due) }
        }
        throw .corrupt("outbox row \(id) has lane \(column)")
    }
}

/// Rows of `incident`, read and written.
enum IncidentRow {
    static let columns = """
        number, title, severity, service, tier, state, commander, comms_lead, scribe, declared_by, declared_at, \
        channel_id, channel_name, channel_creator, latest_status, last_status_at, next_update_due, missed_updates, \
        told_channels, resolved_at, kind, is_drill
        """

    /// The states of an incident that is over, from the core's enum.
    static let finishedStates = IncidentState.allCases.filter { !$0.isActive }.map(\.rawValue)

    static func incident(_ row: PostgresRandomAccessRow) throws -> Incident {
        let number: Int = try row.value("number")
        let stateText: String = try row.value("state")
        let severityText: String = try row.value("severity")
        guard let state = IncidentState(rawValue: stateText) else { throw StoreError.corrupt("incident #\(number) has state \(stateText)") }
        guard let severity = Severity(rawValue: severityText) else { throw StoreError.corrupt("incident #\(number) has severity \(severityText)") }
        let kindText: String = try row.value("kind")
        guard let kind = IncidentKind(rawValue: kindText) else { throw StoreError.corrupt("incident #\(number) has kind \(kindText)") }
        let channelID: String? = try row.value("channel_id")
        let channelName: String? = try row.value("channel_name")
        let channelCreator: String? = try row.value("channel_creator")
        let told = try ColumnJSON.decode([RingChannel].self, from: try row.value("told_channels", as: String.self), "the told channels of incident #\(number)")
        var status: RichText?
        if let latest: String = try row.value("latest_status") {
            status = try ColumnJSON.decode(RichText.self, from: latest, "the latest status of incident #\(number)")
        }
        return Incident(
            number: number, title: try row.value("title"), severity: severity, service: try row.value("service"), tier: try row.value("tier"),
            state: state, commander: try row.value("commander"), commsLead: try row.value("comms_lead"), scribe: try row.value("scribe"),
            declaredBy: try row.value("declared_by"), declaredAt: try row.value("declared_at"),
            channel: channelID.map { ChannelInfo(id: $0, name: channelName ?? $0, creator: channelCreator) },
            latestStatus: status, lastStatusAt: try row.value("last_status_at"), nextUpdateDue: try row.value("next_update_due"),
            missedUpdates: try row.value("missed_updates"), toldChannels: told, resolvedAt: try row.value("resolved_at"), kind: kind,
            isDrill: try row.value("is_drill")
        )
    }

    /// The JSON columns of `incident`, encoded (and its dates checked) before any statement runs.
    struct Encoded: Sendable {
        var incident: Incident
        var latestStatus: String?
        var toldChannels: String

        init(_ incident: Incident) throws(StoreError) {
            let what = "incident #\(incident.number)"
            try PostgresDate.check(incident.declaredAt, what)
            try PostgresDate.check(incident.lastStatusAt, what)
            try PostgresDate.check(incident.nextUpdateDue, what)
            try PostgresDate.check(incident.resolvedAt, what)
            self.incident = incident
            latestStatus = try incident.latestStatus.map { status throws(StoreError) in try ColumnJSON.encode(status, "the latest status of \(what)") }
            toldChannels = try ColumnJSON.encode(incident.toldChannels, "the told channels of \(what)")
        }

        var update: PostgresQuery {
            let i = incident
            return """
                UPDATE incident SET title = \(i.title), severity = \(i.severity.rawValue), service = \(i.service), tier = \(i.tier),
                    state = \(i.state.rawValue), commander = \(i.commander), comms_lead = \(i.commsLead), scribe = \(i.scribe),
                    declared_by = \(i.declaredBy), declared_at = \(i.declaredAt), channel_id = \(i.channel?.id), channel_name = \(i.channel?.name),
                    channel_creator = \(i.channel?.creator), latest_status = \(latestStatus), last_status_at = \(i.lastStatusAt),
                    next_update_due = \(i.nextUpdateDue), missed_updates = \(i.missedUpdates), told_channels = \(toldChannels),
                    resolved_at = \(i.resolvedAt), is_drill = \(i.isDrill)
                WHERE number = \(i.number)
                """
        }
    }
}

/// Rows of `outbox`, read and written.
enum OutboxRow {
    static let columns = "id, incident_number, lane, effect, needs_channel, status, attempts, settled_attempts, not_before, last_error, result, created_at"

    static func entry(_ row: PostgresRandomAccessRow) throws -> OutboxEntry {
        let id: Int64 = try row.value("id")
        let statusText: String = try row.value("status")
        guard let status = OutboxEntry.Status(rawValue: statusText) else { throw StoreError.corrupt("outbox row \(id) has status \(statusText)") }
        let effect = try ColumnJSON.decode(Effect.self, from: try row.value("effect", as: String.self), "the effect of outbox row \(id)")
        return OutboxEntry(
            id: id, incidentNumber: try row.value("incident_number", as: Int?.self), lane: try LaneText.lane(try row.value("lane"), row: id), effect: effect,
            needsIncidentChannel: try row.value("needs_channel"), status: status, attempts: try row.value("attempts"),
            settledAttempts: try row.value("settled_attempts"), notBefore: try row.value("not_before"), lastError: try row.value("last_error"),
            result: try row.value("result"), createdAt: try row.value("created_at")
        )
    }

    /// Effects ready to insert: lanes worked out and effects encoded, before the transaction.
    struct Prepared: Sendable {
        var lanes: [String] = []
        var effects: [String] = []
        var needsChannel: [Bool] = []
        /// The latest due time among them, checked against the column's range before the write.
        var latestDue: Date?

        init(_ effects: [Effect], incident number: Int) throws(StoreError) {
            for effect in effects {
                let placement = OutboxEntry.placement(of: effect, incident: number)
                lanes.append(LaneText.column(placement.lane))
                self.effects.append(try ColumnJSON.encode(effect, "an effect of incident #\(number)"))
                needsChannel.append(placement.needsIncidentChannel)
                let due = OutboxEntry.notBefore(of: effect)
                if let due { latestDue = max(latestDue ?? due, due) }
                dues.append(due)
            }
        }

        /// Announcements, which belong to no incident; each may run as soon as it is stored.
        init(_ announcements: [Announcement]) throws(StoreError) {
            for announcement in announcements {
                let placement = OutboxEntry.placement(of: announcement)
                lanes.append(LaneText.column(placement.lane))
                effects.append(try ColumnJSON.encode(Effect.announce(announcement), "an announcement in #\(announcement.channel)"))
                needsChannel.append(placement.needsIncidentChannel)
                dues.append(nil)
            }
        }

        /// Each entry's due time, nil for "when stored".
        private var dues: [Date?] = []

        /// The delays after `date`, one per entry; checks that every due time can be stored.
        func delays(after date: Date, incident number: Int?) throws(StoreError) -> [Double] {
            if let latestDue { try PostgresDate.check(latestDue, number.map { "an alarm of incident #\($0)" } ?? "an announcement") }
            return dues.map { $0.map { $0.timeIntervalSince(date) } ?? 0 }
        }

        var isEmpty: Bool { effects.isEmpty }
    }

    /// Queues `entries` as pending in one statement, in their order (ids follow it); a nil `number` stores announcements.
    static func insertPending(_ entries: Prepared, incident number: Int?, at date: Date, on connection: PostgresConnection, logger: Logger) async throws {
        guard !entries.isEmpty else { return }
        try PostgresDate.check(date, number.map { "an outbox entry of incident #\($0)" } ?? "an announcement")
        let delays = try entries.delays(after: date, incident: number)
        try await connection.query("""
            INSERT INTO outbox (incident_number, lane, effect, needs_channel, status, not_before, created_at)
            SELECT \(number)::integer, e.lane, e.effect, e.needs_channel, 'pending', \(date)::timestamptz + e.delay * interval '1 second', \(date)
            FROM unnest(\(entries.lanes)::text[], \(entries.effects)::text[], \(entries.needsChannel)::boolean[], \(delays)::float8[])
                WITH ORDINALITY AS e(lane, effect, needs_channel, delay, position)
            ORDER BY e.position
            """, logger: logger)
    }
}

/// Rows of `timeline_entry`.
enum TimelineRow {
    static func entry(_ row: PostgresRandomAccessRow) throws -> TimelineEntry {
        let key: String = try row.value("key")
        let number: Int = try row.value("incident_number")
        let kindText: String = try row.value("kind")
        guard let kind = TimelineEntry.Kind(rawValue: kindText) else { throw StoreError.corrupt("timeline entry \(key) has kind \(kindText)") }
        let text = try ColumnJSON.decode(RichText.self, from: try row.value("text", as: String.self), "the text of timeline entry \(key) of incident #\(number)")
        return TimelineEntry(at: try row.value("at"), kind: kind, actor: try row.value("actor"), text: text, key: key)
    }

    /// Timeline changes encoded before the transaction.
    struct Prepared: Sendable {
        var ats: [Date] = []
        var kinds: [String] = []
        var actors: [String] = []
        var hasActor: [Bool] = []
        var texts: [String] = []
        var keys: [String] = []
        var removed: [String]

        init(_ entries: [TimelineEntry], removing removed: [String]) throws(StoreError) {
            for entry in entries {
                try PostgresDate.check(entry.at, "timeline entry \(entry.key)")
                ats.append(entry.at)
                kinds.append(entry.kind.rawValue)
                actors.append(entry.actor ?? "")
                hasActor.append(entry.actor != nil)
                texts.append(try ColumnJSON.encode(entry.text, "the text of timeline entry \(entry.key)"))
                keys.append(entry.key)
            }
            self.removed = removed
        }
    }

    /// Adds the entries (an existing key is kept as it was) and removes the listed keys.
    static func apply(_ prepared: Prepared, incident number: Int, on connection: PostgresConnection, logger: Logger) async throws {
        if !prepared.keys.isEmpty {
            try await connection.query("""
                INSERT INTO timeline_entry (incident_number, at, kind, actor, text, key)
                SELECT \(number), t.at, t.kind, CASE WHEN t.has_actor THEN t.actor END, t.text, t.key
                FROM unnest(
                    \(prepared.ats)::timestamptz[], \(prepared.kinds)::text[], \(prepared.actors)::text[], \(prepared.hasActor)::boolean[],
                    \(prepared.texts)::text[], \(prepared.keys)::text[]
                ) WITH ORDINALITY AS t(at, kind, actor, has_actor, text, key, position)
                ORDER BY t.position
                ON CONFLICT (incident_number, key) DO NOTHING
                """, logger: logger)
        }
        if !prepared.removed.isEmpty {
            try await connection.query("DELETE FROM timeline_entry WHERE incident_number = \(number) AND key = ANY(\(prepared.removed))", logger: logger)
        }
    }
}

/// A decision's rows, encoded before the transaction: its outbox entries and timeline changes.
struct PreparedDecision: Sendable {
    var outbox: OutboxRow.Prepared
    var timeline: TimelineRow.Prepared
    var incident: IncidentRow.Encoded

    init(_ decision: Decision, incident number: Int) throws(StoreError) {
        outbox = try OutboxRow.Prepared(decision.effects, incident: number)
        timeline = try TimelineRow.Prepared(decision.timeline, removing: decision.removedFromTimeline)
        incident = try IncidentRow.Encoded(decision.incident)
    }

    /// The effects and timeline, inside the caller's transaction (the incident row is the caller's to write).
    func store(incident number: Int, at: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await OutboxRow.insertPending(outbox, incident: number, at: at, on: connection, logger: logger)
        try await TimelineRow.apply(timeline, incident: number, on: connection, logger: logger)
    }
}
