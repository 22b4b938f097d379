import Foundation
import GRDB
import Logging
import TocsinApp
import TocsinCore

/// Tocsin's SQLite database: incidents and their outbox, each change in one transaction.
///
/// One `DatabasePool` (WAL) per file; `Database` never leaves this module.
public final class AppDatabase: IncidentStore {
    let writer: any DatabaseWriter
    /// Every write goes through here, so concurrent changes share one transaction and one fsync.
    private let writes: GroupCommit
    private let numbers: IncidentNumbers
    /// Where a row that cannot be read is reported (it is left out of the list it was in).
    private let logger: Logger

    /// Opens (creating if needed, readable by this user only) the database at `path` and brings its schema up to date.
    public init(path: String, logger: Logger = Logger(label: "tocsin.store")) throws(StoreError) {
        self.logger = logger
        do {
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            configuration.busyMode = .timeout(5)
            // Two readers suffice for a bot whose reads are short; each one keeps its own page cache.
            configuration.maximumReaderCount = 2
            configuration.prepareDatabase { db in
                // An acknowledged command must survive a power cut, not only a crash: fsync every commit.
                try db.execute(sql: "PRAGMA synchronous = FULL")
                // 1 MiB of page cache per connection (SQLite's default is 2 MiB): the working set is small.
                try db.execute(sql: "PRAGMA cache_size = -1024")
            }
            DatabaseFiles.restrict(path)
            let pool = try DatabasePool(path: path, configuration: configuration)
            try Migrations.migrator.migrate(pool)
            DatabaseFiles.restrict(path)
            writer = pool
            writes = GroupCommit(writer: pool)
            numbers = IncidentNumbers(after: try pool.read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(number), 0) FROM incident") ?? 0 })
        } catch {
            throw .unavailable("cannot open \(path): \(error)")
        }
    }

    /// The number is taken and the declaration planned and encoded before the write, so the shared
    /// transaction only inserts rows; a retried request is answered from what is stored and takes no number.
    public func declareIncident(requestID: String?, _ decide: @escaping @Sendable (Int) -> Declaration) async throws(StoreError) -> Declaration {
        if let requestID, let earlier = try await read({ db in try Self.repeatedDeclaration(requestID: requestID, in: db) }) {
            return earlier
        }
        let declaration = decide(await numbers.take())
        let incident = try IncidentRecord(declaration.incident)
        let outbox = try OutboxRecord.prepare(declaration.effects, incident: incident.number)
        let timeline = declaration.timelineEntry
        return try await writes.submit { db in
            // The same request twice at once: the first one stored wins (its twin's number goes unused).
            if let requestID, let earlier = try Self.repeatedDeclaration(requestID: requestID, in: db) { return earlier }
            try incident.insert(db)
            try OutboxRecord.insertPending(outbox, incident: incident.number, at: incident.declaredAt, in: db)
            try TimelineRecord.apply([timeline], removing: [], incident: incident.number, in: db)
            if let requestID {
                try db.execute(
                    sql: "INSERT INTO inbound_event (id, received_at, incident_number) VALUES (?, ?, ?)",
                    arguments: [requestID, incident.declaredAt, incident.number]
                )
            }
            return declaration
        }.get()
    }

    private static func repeatedDeclaration(requestID: String, in db: Database) throws -> Declaration? {
        guard let earlier = try Int.fetchOne(db, sql: "SELECT incident_number FROM inbound_event WHERE id = ?", arguments: [requestID]),
              let incident = try IncidentRecord.fetchOne(db, key: earlier)?.incident()
        else { return nil }
        return Declaration(incident: incident, effects: [], rings: [], isRepeat: true)
    }

    /// Every incident number, oldest first.
    public func incidentNumbers() async throws(StoreError) -> [Int] {
        try await read { db in try Int.fetchAll(db, sql: "SELECT number FROM incident ORDER BY number") }
    }

    public func incident(number: Int) async throws(StoreError) -> Incident? {
        try await read { db in try IncidentRecord.fetchOne(db, key: number)?.incident() }
    }

    public func incident(channelID: String) async throws(StoreError) -> Incident? {
        try await read { db in
            try IncidentRecord.filter(Column("channel_id") == channelID).fetchOne(db)?.incident()
        }
    }

    public func activeIncidents() async throws(StoreError) -> [Incident] {
        return try await readAll("incident", { db in
            try Row.fetchAll(db, IncidentRecord.filter(!["resolved", "cancelled"].contains(Column("state"))).order(Column("number")))
        }) { row in try IncidentRecord(row: row).incident() }
    }

    public func recordCheckIn(
        incident number: Int, userID: String, at: Date, requestID: String?,
        _ decide: @escaping @Sendable (Incident, Bool) -> Decision
    ) async throws(StoreError) -> RequestOutcome<CheckInOutcome> {
        try await write { db in
            if let earlier = try Self.handledRequest(requestID, in: db) { return .repeated(incident: earlier) }
            guard let incident = try IncidentRecord.fetchOne(db, key: number)?.incident() else { return .done(.noSuchIncident) }
            if let earlier = try DatabaseValue.fetchOne(db, sql: "SELECT checked_in_at FROM check_in WHERE incident_number = ? AND user_id = ?", arguments: [number, userID]) {
                return .done(.alreadyCheckedIn(at: Date.fromDatabaseValue(earlier) ?? at))
            }
            try StoredDate.check(at, "a check-in on incident #\(number)")
            let isFirst = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM check_in WHERE incident_number = ?", arguments: [number]) == 0
            try db.execute(sql: "INSERT INTO check_in (incident_number, user_id, checked_in_at) VALUES (?, ?, ?)", arguments: [number, userID, at])
            try Self.store(decide(incident, isFirst), incident: number, at: at, in: db)
            try Self.recordRequest(requestID, incident: number, at: at, in: db)
            return .done(.recorded(isFirst: isFirst))
        }
    }

    public func checkIns(incident number: Int) async throws(StoreError) -> [CheckIn] {
        return try await readAll("check-in", { db in
            try Row.fetchAll(db, sql: "SELECT user_id, checked_in_at FROM check_in WHERE incident_number = ? ORDER BY checked_in_at, rowid", arguments: [number])
        }, Self.checkIn(from:))
    }

    public func updateIncident<Failure: Error & Sendable>(
        number: Int, at: Date, requestID: String?, _ decide: @escaping @Sendable (Incident) -> Result<Decision, Failure>
    ) async throws(StoreError) -> RequestOutcome<Result<Decision, Failure>?> {
        try await write { db in
            if let earlier = try Self.handledRequest(requestID, in: db) { return .repeated(incident: earlier) }
            guard let incident = try IncidentRecord.fetchOne(db, key: number)?.incident() else { return .done(nil) }
            let outcome = decide(incident)
            if case .success(let decision) = outcome {
                try IncidentRecord(decision.incident).update(db)
                try Self.store(decision, incident: number, at: at, in: db)
                try Self.recordRequest(requestID, incident: number, at: at, in: db)
            }
            return .done(outcome)
        }
    }

    /// The incident an earlier request with this id changed (0 rows: never seen); `.some(nil)` when it named none.
    private static func handledRequest(_ requestID: String?, in db: Database) throws -> Int?? {
        guard let requestID else { return nil }
        guard let row = try Row.fetchOne(db, sql: "SELECT incident_number FROM inbound_event WHERE id = ?", arguments: [requestID]) else { return nil }
        return .some(try row.decode(Int?.self, atIndex: 0))
    }

    /// Remembers a request id with the change it made, inside the change's transaction.
    private static func recordRequest(_ requestID: String?, incident number: Int, at: Date, in db: Database) throws {
        guard let requestID else { return }
        try StoredDate.check(at, "request \(requestID)")
        try db.execute(sql: "INSERT INTO inbound_event (id, received_at, incident_number) VALUES (?, ?, ?)", arguments: [requestID, at, number])
    }

    public func incidentsWithUpdateDue(at now: Date) async throws(StoreError) -> [Int] {
        try await read { db in
            try Int.fetchAll(db, sql: """
                SELECT number FROM incident
                WHERE next_update_due IS NOT NULL AND next_update_due <= ? AND state NOT IN ('resolved', 'cancelled')
                ORDER BY next_update_due
                """, arguments: [now])
        }
    }

    public func incident(rootMessageTS ts: String, channelID: String) async throws(StoreError) -> Incident? {
        try await read { db in
            try IncidentRecord.fetchOne(db, sql: """
                SELECT incident.* FROM incident JOIN root_message ON root_message.incident_number = incident.number
                WHERE root_message.channel_id = ? AND root_message.ts = ?
                """, arguments: [channelID, ts])?.incident()
        }
    }

    public func recordRootMessage(incident number: Int, channelName: String, channelID: String, ts: String) async throws(StoreError) {
        try await write { db in
            try RootMessageRecord(incidentNumber: number, channelName: channelName, channelId: channelID, ts: ts).upsert(db)
        }
    }

    public func rootMessage(incident number: Int, channelName: String) async throws(StoreError) -> RootMessage? {
        try await read { db in
            try RootMessageRecord.fetchOne(db, key: ["incident_number": number, "channel_name": channelName])
                .map { RootMessage(channelID: $0.channelId, ts: $0.ts) }
        }
    }

    public func recordInboundEvent(id: String, at: Date) async throws(StoreError) -> Bool {
        try await write { db in
            try StoredDate.check(at, "inbound event \(id)")
            try db.execute(sql: "INSERT OR IGNORE INTO inbound_event (id, received_at) VALUES (?, ?)", arguments: [id, at])
            return db.changesCount == 1
        }
    }

    public func recordMessage(_ message: ChannelMessage, incident number: Int) async throws(StoreError) {
        try await write { db in
            try TranscriptRecord(message, incident: number).insert(db, onConflict: .ignore)
        }
    }

    public func recordEditedMessage(_ message: ChannelMessage, incident number: Int) async throws(StoreError) {
        try await write { db in
            try TranscriptRecord(message, incident: number).insert(db, onConflict: .replace)
        }
    }

    public func message(ts: String, incident number: Int) async throws(StoreError) -> ChannelMessage? {
        try await read { db in
            try TranscriptRecord.fetchOne(db, key: ["incident_number": number, "ts": ts])?.message
        }
    }

    public func transcript(incident number: Int) async throws(StoreError) -> [ChannelMessage] {
        return try await readAll("transcript message", { db in
            try Row.fetchAll(db, TranscriptRecord.filter(Column("incident_number") == number).order(Column("ts")))
        }) { row in try TranscriptRecord(row: row).message }
    }

    /// A row that cannot be read (a date an older version stored unreadably) is logged and left out.
    public func timeline(incident number: Int) async throws(StoreError) -> [TimelineEntry] {
        return try await readAll("timeline entry", { db in
            try Row.fetchAll(db, TimelineRecord.filter(Column("incident_number") == number).order(Column("at"), Column("id")))
        }) { row in try TimelineRecord(row: row).entry() }
    }

    public func addActionItem(
        incident number: Int, at: Date, requestID: String?, _ decide: @escaping @Sendable (Incident, Int) -> (ActionItem, Decision)
    ) async throws(StoreError) -> RequestOutcome<ActionItem?> {
        try await write { db in
            if let earlier = try Self.handledRequest(requestID, in: db) { return .repeated(incident: earlier) }
            guard let incident = try IncidentRecord.fetchOne(db, key: number)?.incident() else { return .done(nil) }
            let next = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) + 1 FROM action_item") ?? 1
            let (item, decision) = decide(incident, next)
            var record = ActionItemRecord(
                id: Int64(item.id), incidentNumber: number, owner: item.owner, text: item.text, due: item.due,
                state: item.state.rawValue, createdBy: item.createdBy, createdAt: item.createdAt, doneAt: item.doneAt,
                trackerKey: nil
            )
            try record.insert(db)
            try Self.store(decision, incident: number, at: at, in: db)
            try Self.recordRequest(requestID, incident: number, at: at, in: db)
            return .done(item)
        }
    }

    public func completeActionItem(
        id: Int, at: Date, _ decide: @escaping @Sendable (ActionItem, Incident) -> Decision?
    ) async throws(StoreError) -> ActionItemCompletion {
        try await write { db in
            guard var record = try ActionItemRecord.fetchOne(db, key: id) else { return .noSuchItem }
            let item = try record.item()
            guard item.state == .open else { return .alreadyDone(item) }
            guard let incident = try IncidentRecord.fetchOne(db, key: item.incidentNumber)?.incident() else { return .noSuchItem }
            guard let decision = decide(item, incident) else { return .notAllowed(item) }
            record.state = ActionItem.State.done.rawValue
            record.doneAt = at
            try record.update(db)
            try Self.store(decision, incident: incident.number, at: at, in: db)
            return .done(try record.item())
        }
    }

    public func actionItem(id: Int) async throws(StoreError) -> ActionItem? {
        try await read { db in try ActionItemRecord.fetchOne(db, key: id)?.item() }
    }

    public func setTrackerKey(_ key: String, actionItem id: Int) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "UPDATE action_item SET tracker_key = ? WHERE id = ?", arguments: [key, id])
        }
    }

    public func actionItems(incident number: Int?) async throws(StoreError) -> [ActionItem] {
        return try await readAll("action item", { db in
            var request = ActionItemRecord.order(Column("id"))
            if let number { request = request.filter(Column("incident_number") == number) }
            return try Row.fetchAll(db, request)
        }) { row in try ActionItemRecord(row: row).item() }
    }

    public func recordSurvey(_ response: SurveyResponse, incident number: Int) async throws(StoreError) -> Bool {
        let answers = String(decoding: (try? RecordJSON.encoder.encode(response.answers)) ?? Data("{}".utf8), as: UTF8.self)
        try StoredDate.check(response.submittedAt, "a survey answer on incident #\(number)")
        return try await write { db in
            guard try IncidentRecord.fetchOne(db, key: number) != nil else { return false }
            try db.execute(
                sql: "INSERT OR REPLACE INTO survey_response (incident_number, user_id, answers, submitted_at) VALUES (?, ?, ?, ?)",
                arguments: [number, response.userID, answers, response.submittedAt]
            )
            return true
        }
    }

    public func surveyResponses(incident number: Int) async throws(StoreError) -> [SurveyResponse] {
        return try await readAll("survey answer", { db in
            try Row.fetchAll(db, sql: "SELECT user_id, answers, submitted_at FROM survey_response WHERE incident_number = ? ORDER BY submitted_at", arguments: [number])
        }, Self.surveyResponse(from:))
    }

    /// The decision's effects (into the outbox) and timeline, written inside the caller's transaction.
    private static func store(_ decision: Decision, incident number: Int, at: Date, in db: Database) throws {
        try OutboxRecord.insertPending(try OutboxRecord.prepare(decision.effects, incident: number), incident: number, at: at, in: db)
        try TimelineRecord.apply(decision.timeline, removing: decision.removedFromTimeline, incident: number, in: db)
    }

    public func setChannel(_ channel: ChannelInfo, forIncident number: Int) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "UPDATE incident SET channel_id = ?, channel_name = ?, channel_creator = ? WHERE number = ?",
                arguments: [channel.id, channel.name, channel.creator, number]
            )
        }
    }

    /// Walks the pending entries in id order and stops after `limit` lane heads, so its cost does not grow
    /// with the backlog (without the index hint SQLite sorts every pending row: 60 ms at 80,000).
    public func runnableOutboxEntries(now: Date, limit: Int) async throws(StoreError) -> [OutboxEntry] {
        return try await readAll("outbox entry", { db in
            try Row.fetchAll(db, sql: """
                SELECT o.* FROM outbox o INDEXED BY outbox_pending_by_id JOIN incident i ON i.number = o.incident_number
                WHERE o.status = 'pending'
                  AND o.id = (SELECT MIN(p.id) FROM outbox p WHERE p.status = 'pending' AND p.lane = o.lane)
                  AND o.not_before <= ?
                  AND (o.needs_channel = 0 OR i.channel_id IS NOT NULL)
                ORDER BY o.id
                LIMIT ?
                """, arguments: [now, limit])
        }) { row in try OutboxRecord(row: row).entry() }
    }

    public func nextOutboxDueDate(after now: Date) async throws(StoreError) -> Date? {
        try await read { db in
            // An unreadable stored date reads as nil rather than failing the delivery loop's wait.
            (try DatabaseValue.fetchOne(db, sql: "SELECT MIN(not_before) FROM outbox WHERE status = 'pending' AND not_before > ?", arguments: [now]))
                .flatMap(Date.fromDatabaseValue)
        }
    }

    public func markOutboxAttempt(id: Int64, at: Date) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "UPDATE outbox SET attempts = attempts + 1 WHERE id = ?", arguments: [id])
        }
    }

    public func completeOutboxEntry(id: Int64, result: String?, at: Date, followUps: [Effect]) async throws(StoreError) {
        try StoredDate.check(at, "outbox entry \(id)")
        try await write { db in
            try db.execute(
                sql: "UPDATE outbox SET status = 'done', result = ?, last_error = NULL, finished_at = ? WHERE id = ?",
                arguments: [result, at, id]
            )
            try Self.queue(followUps, after: id, at: at, in: db)
        }
    }

    /// Queues effects for the incident of outbox entry `id`, inside the caller's transaction.
    private static func queue(_ followUps: [Effect], after id: Int64, at: Date, in db: Database) throws {
        guard !followUps.isEmpty,
              let number = try Int.fetchOne(db, sql: "SELECT incident_number FROM outbox WHERE id = ?", arguments: [id])
        else { return }
        try OutboxRecord.insertPending(try OutboxRecord.prepare(followUps, incident: number), incident: number, at: at, in: db)
    }

    public func retryOutboxEntry(id: Int64, notBefore: Date, reason: String, settled: Bool) async throws(StoreError) {
        try StoredDate.check(notBefore, "outbox entry \(id)")
        try await write { db in
            try db.execute(
                sql: "UPDATE outbox SET not_before = ?, last_error = ?, settled_attempts = settled_attempts + ? WHERE id = ?",
                arguments: [notBefore, reason, settled ? 1 : 0, id]
            )
        }
    }

    public func failOutboxEntry(id: Int64, reason: String, at: Date, followUps: [Effect]) async throws(StoreError) {
        try StoredDate.check(at, "outbox entry \(id)")
        try await write { db in
            try db.execute(
                sql: "UPDATE outbox SET status = 'failed', last_error = ?, finished_at = ? WHERE id = ?",
                arguments: [reason, at, id]
            )
            try Self.queue(followUps, after: id, at: at, in: db)
        }
    }

    public func outboxEntries(incident number: Int) async throws(StoreError) -> [OutboxEntry] {
        return try await readAll("outbox entry", { db in
            try Row.fetchAll(db, OutboxRecord.filter(Column("incident_number") == number).order(Column("id")))
        }) { row in try OutboxRecord(row: row).entry() }
    }

    public func knownChannel(named name: String) async throws(StoreError) -> ChannelInfo? {
        try await read { db in
            try KnownChannelRecord.fetchOne(db, key: name).map { ChannelInfo(id: $0.id, name: $0.name, creator: $0.creator) }
        }
    }

    public func rememberChannel(_ channel: ChannelInfo) async throws(StoreError) {
        try await write { db in
            try KnownChannelRecord(name: channel.name, id: channel.id, creator: channel.creator).upsert(db)
        }
    }

    /// Fetches rows and turns them into values one by one: a row that cannot be read is logged and left
    /// out, so one bad row neither hides the others nor stops the caller.
    func readAll<Value: Sendable>(
        _ what: String, _ fetch: @escaping @Sendable (Database) throws -> [Row], _ convert: @escaping @Sendable (Row) throws -> Value
    ) async throws(StoreError) -> [Value] {
        let (values, problems) = try await read { db in
            var values: [Value] = []
            var problems: [String] = []
            for row in try fetch(db) {
                do {
                    values.append(try convert(row))
                } catch {
                    problems.append("\(StoreError(error))")
                }
            }
            return (values, problems)
        }
        for problem in problems {
            logger.error("skipped a stored row that cannot be read", metadata: ["record": "\(what)", "error": "\(problem)"])
        }
        return values
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await writer.read(body)
        } catch {
            throw StoreError(error)
        }
    }

    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        try await writes.submit(body).get()
    }
}
