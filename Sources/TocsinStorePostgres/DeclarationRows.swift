import Foundation
import PostgresNIO
import TocsinApp
import TocsinCore

/// A batch of declarations numbered, decided and encoded in Swift, and written by one statement: the incident
/// rows, their outbox entries, timeline entries and request ids, and the counter's new value.
///
/// It exists so that a batch costs the same few round trips however many declarations it holds, all while the
/// counter row is locked (see ``DeclarationBatches``): the numbers follow the counter's value read under that
/// lock, one per declaration that can be stored. A declaration that cannot be encoded fails alone and takes no
/// number, so the numbers written stay gap-free.
struct DeclarationRows {
    /// Each request's outcome, in the order of the requests, once the statement has run.
    private(set) var outcomes: [Result<DeclarationBatches.Outcome, StoreError>] = []
    /// The request ids the statement records; each must come back from it, or another transaction recorded it first.
    private(set) var requestIDs: [String] = []
    /// The statement; nil when no declaration of the batch is to be written.
    private(set) var statement: PostgresQuery?

    private var values: [String] = []
    private var binds = PostgresBindings()
    private var outbox = (numbers: [Int](), lanes: [String](), effects: [String](), needsChannel: [Bool](), ats: [Date](), delays: [Double]())
    private var timeline = (numbers: [Int](), ats: [Date](), kinds: [String](), actors: [String](), hasActor: [Bool](), texts: [String](), keys: [String]())
    private var requested = (ids: [String](), ats: [Date](), numbers: [Int]())

    /// Numbers the requests from `last + 1` on (the counter's value, read under its lock) and encodes them.
    init(_ requests: [DeclarationBatches.Request], after last: Int) {
        var last = last
        var seen: Set<String> = []
        for request in requests {
            if let requestID = request.requestID, seen.contains(requestID) {
                // The same request twice in one batch: the first one declares.
                outcomes.append(.success(.repeated))
                continue
            }
            guard last < Int(Int32.max) else {
                outcomes.append(.failure(.unstorable("incident numbers have reached their largest value")))
                continue
            }
            do {
                let declaration = try add(request, number: last + 1)
                last += 1
                if let requestID = request.requestID { seen.insert(requestID) }
                outcomes.append(.success(.stored(declaration)))
            } catch {
                outcomes.append(.failure(error))
            }
        }
        guard !values.isEmpty else { return }
        statement = query(last: last)
    }

    /// Decides and encodes one declaration; its rows are added only when all of them could be encoded.
    private mutating func add(_ request: DeclarationBatches.Request, number: Int) throws(StoreError) -> Declaration {
        let declaration = request.decide(number)
        let incident = try IncidentRow.Encoded(declaration.incident)
        let effects = try OutboxRow.Prepared(declaration.effects, incident: number)
        let entries = try TimelineRow.Prepared([declaration.timelineEntry], removing: [])
        let at = declaration.incident.declaredAt
        let delays = try effects.delays(after: at, incident: number)
        if let requestID = request.requestID { try PostgresDate.check(at, "request \(requestID)") }

        let i = declaration.incident
        var row: [String] = []
        func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value?) {
            binds.append(value)
            row.append("$\(binds.count)")
        }
        bind(number); bind(i.title); bind(i.severity.rawValue); bind(i.service); bind(i.tier); bind(i.state.rawValue)
        bind(i.commander); bind(i.commsLead); bind(i.scribe); bind(i.declaredBy); bind(i.declaredAt)
        bind(i.channel?.id); bind(i.channel?.name); bind(i.channel?.creator); bind(incident.latestStatus)
        bind(i.lastStatusAt); bind(i.nextUpdateDue); bind(i.missedUpdates); bind(incident.toldChannels); bind(i.resolvedAt); bind(i.kind.rawValue)
        bind(i.isDrill)
        values.append("(" + row.joined(separator: ", ") + ")")

        outbox.numbers += Array(repeating: number, count: effects.effects.count)
        outbox.lanes += effects.lanes
        outbox.effects += effects.effects
        outbox.needsChannel += effects.needsChannel
        outbox.ats += Array(repeating: at, count: effects.effects.count)
        outbox.delays += delays
        timeline.numbers += Array(repeating: number, count: entries.keys.count)
        timeline.ats += entries.ats
        timeline.kinds += entries.kinds
        timeline.actors += entries.actors
        timeline.hasActor += entries.hasActor
        timeline.texts += entries.texts
        timeline.keys += entries.keys
        if let requestID = request.requestID {
            requested.ids.append(requestID)
            requested.ats.append(at)
            requested.numbers.append(number)
            requestIDs.append(requestID)
        }
        return declaration
    }

    /// One statement for every row of the batch (the foreign keys are checked at its end, when the incident rows
    /// are there); it returns the request ids it recorded.
    private mutating func query(last: Int) -> PostgresQuery {
        func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        let sql = """
            WITH new_incident AS (
                INSERT INTO incident (\(IncidentRow.columns))
                VALUES \(values.joined(separator: ", "))
                RETURNING number
            ), new_outbox AS (
                INSERT INTO outbox (incident_number, lane, effect, needs_channel, status, not_before, created_at)
                SELECT e.number, e.lane, e.effect, e.needs_channel, 'pending', e.at + e.delay * interval '1 second', e.at
                FROM unnest(
                    \(bind(outbox.numbers))::integer[], \(bind(outbox.lanes))::text[], \(bind(outbox.effects))::text[],
                    \(bind(outbox.needsChannel))::boolean[], \(bind(outbox.ats))::timestamptz[], \(bind(outbox.delays))::float8[]
                ) WITH ORDINALITY AS e(number, lane, effect, needs_channel, at, delay, position)
                ORDER BY e.position
            ), new_timeline AS (
                INSERT INTO timeline_entry (incident_number, at, kind, actor, text, key)
                SELECT t.number, t.at, t.kind, CASE WHEN t.has_actor THEN t.actor END, t.text, t.key
                FROM unnest(
                    \(bind(timeline.numbers))::integer[], \(bind(timeline.ats))::timestamptz[], \(bind(timeline.kinds))::text[],
                    \(bind(timeline.actors))::text[], \(bind(timeline.hasActor))::boolean[], \(bind(timeline.texts))::text[],
                    \(bind(timeline.keys))::text[]
                ) WITH ORDINALITY AS t(number, at, kind, actor, has_actor, text, key, position)
                ORDER BY t.position
            ), counted AS (
                UPDATE counter SET last = \(bind(last)) WHERE name = 'incident'
            )
            INSERT INTO inbound_event (id, received_at, incident_number)
            SELECT r.id, r.at, r.number
            FROM unnest(\(bind(requested.ids))::text[], \(bind(requested.ats))::timestamptz[], \(bind(requested.numbers))::integer[]) AS r(id, at, number)
            ON CONFLICT (id) DO NOTHING RETURNING id
            """
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }
}
