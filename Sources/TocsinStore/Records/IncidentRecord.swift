import Foundation
import GRDB
import TocsinApp
import TocsinCore

/// A row of `incident`.
///
/// The hot records (incident, outbox, timeline) map their columns by hand: a declaration writes a dozen
/// rows inside the group commit, and Codable with snake-case conversion cost more than SQLite itself.
struct IncidentRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "incident"

    /// The table's columns, named once.
    enum Columns {
        static let number = Column("number")
        static let title = Column("title")
        static let severity = Column("severity")
        static let service = Column("service")
        static let tier = Column("tier")
        static let state = Column("state")
        static let commander = Column("commander")
        static let commsLead = Column("comms_lead")
        static let scribe = Column("scribe")
        static let declaredBy = Column("declared_by")
        static let declaredAt = Column("declared_at")
        static let channelID = Column("channel_id")
        static let channelName = Column("channel_name")
        static let channelCreator = Column("channel_creator")
        static let latestStatus = Column("latest_status")
        static let lastStatusAt = Column("last_status_at")
        static let nextUpdateDue = Column("next_update_due")
        static let missedUpdates = Column("missed_updates")
        static let toldChannels = Column("told_channels")
        static let resolvedAt = Column("resolved_at")
        static let kind = Column("kind")
    }

    /// The states of an incident that is over: resolved or cancelled. Derived from the core's enum, so a
    /// query never repeats a state's name.
    static let finishedStates = IncidentState.allCases.filter { !$0.isActive }.map(\.rawValue)

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
    /// ``IncidentKind``'s raw value.
    var kind: String

    init(_ incident: Incident) throws(StoreError) {
        let what = "incident #\(incident.number)"
        try StoredDate.check(incident.declaredAt, what)
        try StoredDate.check(incident.lastStatusAt, what)
        try StoredDate.check(incident.nextUpdateDue, what)
        try StoredDate.check(incident.resolvedAt, what)
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
        if let status = incident.latestStatus {
            latestStatus = try RecordJSON.column(status, "the latest status of \(what)")
        } else {
            latestStatus = nil
        }
        lastStatusAt = incident.lastStatusAt
        nextUpdateDue = incident.nextUpdateDue
        missedUpdates = incident.missedUpdates
        resolvedAt = incident.resolvedAt
        kind = incident.kind.rawValue
        toldChannels = try RecordJSON.column(incident.toldChannels, "the told channels of \(what)")
    }

    /// Reads with GRDB's throwing accessors: a value that cannot be read (a date written as garbage by an
    /// older version) is an error for this row, never a trap.
    init(row: Row) throws {
        number = try row.decode(forColumn: Columns.number.name)
        title = try row.decode(forColumn: Columns.title.name)
        severity = try row.decode(forColumn: Columns.severity.name)
        service = try row.decode(forColumn: Columns.service.name)
        tier = try row.decode(forColumn: Columns.tier.name)
        state = try row.decode(forColumn: Columns.state.name)
        commander = try row.decode(forColumn: Columns.commander.name)
        commsLead = try row.decode(forColumn: Columns.commsLead.name)
        scribe = try row.decode(forColumn: Columns.scribe.name)
        declaredBy = try row.decode(forColumn: Columns.declaredBy.name)
        declaredAt = try row.decode(forColumn: Columns.declaredAt.name)
        channelId = try row.decode(forColumn: Columns.channelID.name)
        channelName = try row.decode(forColumn: Columns.channelName.name)
        channelCreator = try row.decode(forColumn: Columns.channelCreator.name)
        latestStatus = try row.decode(forColumn: Columns.latestStatus.name)
        lastStatusAt = try row.decode(forColumn: Columns.lastStatusAt.name)
        nextUpdateDue = try row.decode(forColumn: Columns.nextUpdateDue.name)
        missedUpdates = try row.decode(forColumn: Columns.missedUpdates.name)
        toldChannels = try row.decode(forColumn: Columns.toldChannels.name)
        resolvedAt = try row.decode(forColumn: Columns.resolvedAt.name)
        kind = try row.decode(forColumn: Columns.kind.name)
    }

    func encode(to container: inout PersistenceContainer) {
        container[Columns.number] = number
        container[Columns.title] = title
        container[Columns.severity] = severity
        container[Columns.service] = service
        container[Columns.tier] = tier
        container[Columns.state] = state
        container[Columns.commander] = commander
        container[Columns.commsLead] = commsLead
        container[Columns.scribe] = scribe
        container[Columns.declaredBy] = declaredBy
        container[Columns.declaredAt] = StoredDate.databaseValue(declaredAt)
        container[Columns.channelID] = channelId
        container[Columns.channelName] = channelName
        container[Columns.channelCreator] = channelCreator
        container[Columns.latestStatus] = latestStatus
        container[Columns.lastStatusAt] = lastStatusAt.map(StoredDate.databaseValue)
        container[Columns.nextUpdateDue] = nextUpdateDue.map(StoredDate.databaseValue)
        container[Columns.missedUpdates] = missedUpdates
        container[Columns.toldChannels] = toldChannels
        container[Columns.resolvedAt] = resolvedAt.map(StoredDate.databaseValue)
        container[Columns.kind] = kind
    }

    func incident() throws(StoreError) -> Incident {
        guard let state = IncidentState(rawValue: state) else { throw .corrupt("incident #\(number) has state \(self.state)") }
        guard let severity = Severity(rawValue: severity) else { throw .corrupt("incident #\(number) has severity \(self.severity)") }
        guard let kind = IncidentKind(rawValue: kind) else { throw .corrupt("incident #\(number) has kind \(self.kind)") }
        let channel = channelId.map { ChannelInfo(id: $0, name: channelName ?? $0, creator: channelCreator) }
        let told = try RecordJSON.decode([RingChannel].self, from: toldChannels, "the told channels of incident #\(number)")
        var status: RichText?
        if let latestStatus {
            status = try RecordJSON.decode(RichText.self, from: latestStatus, "the latest status of incident #\(number)")
        }
        return Incident(
            number: number, title: title, severity: severity, service: service, tier: tier, state: state,
            commander: commander, commsLead: commsLead, scribe: scribe, declaredBy: declaredBy, declaredAt: declaredAt,
            channel: channel, latestStatus: status, lastStatusAt: lastStatusAt, nextUpdateDue: nextUpdateDue,
            missedUpdates: missedUpdates, toldChannels: told, resolvedAt: resolvedAt, kind: kind
        )
    }
}
