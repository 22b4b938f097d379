import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import TocsinApp
import TocsinCore

/// Tocsin's PostgreSQL store, for several replicas sharing one database: every guarantee the single-process
/// SQLite store keeps in one writer (or in memory) is kept here in SQL, so it holds across processes.
///
/// - Incident numbers (and action-item ids) come from a row of `counter`, incremented inside the transaction
///   that stores the incident: its row lock orders concurrent declarations, and a transaction that rolls back
///   (a refused value, a replica that crashed mid-way) rolls its increment back with it, so no number is ever
///   used twice or skipped. A sequence would be faster but is not transactional: every rollback would leave a gap.
/// - Outbox entries are claimed with `FOR UPDATE SKIP LOCKED` and leased in their rows (`lease_owner`,
///   `lease_until`); an outcome is recorded only by an `UPDATE … WHERE lease_owner = $owner`.
/// - Inbound event ids and request ids are rows of `inbound_event` under a primary key, inserted with
///   `ON CONFLICT DO NOTHING`: of two replicas recording one id, exactly one inserts it.
/// - A change to an incident locks its row (`SELECT … FOR UPDATE`) before `decide` reads it, so two replicas'
///   changes to one incident are applied one after the other, never one over the other.
/// - A transaction PostgreSQL aborts as a serialization failure or a deadlock is run again (a few times), so
///   `decide` closures may run more than once, which the ports allow.
///
/// The connection pool (`PostgresClient`) runs as a service (``run()``), which first brings the schema up to
/// date; whatever asks the store for something before that waits for it.
public final class PostgresStore: IncidentStore, StoreProbes, Service {
    /// The pool; public so the replicas' delivery leadership can hold its advisory lock on one of its connections.
    public let client: PostgresClient
    public let location: PostgresLocation
    let logger: Logger
    let schema = SchemaGate()
    /// How many times a transaction aborted as a serialization failure or deadlock is run in all.
    static let attemptsPerTransaction = 5

    /// A store on the database at `location`; nothing connects until ``run()`` (or ``withRunning(_:logger:_:)``).
    public init(location: PostgresLocation, logger: Logger = Logger(label: "tocsin.store")) {
        self.location = location
        self.logger = logger
        var configuration = location.clientConfiguration()
        configuration.options.maximumConnections = 20
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    /// Brings the schema up to date over a connection of its own (so an unreachable server or refused
    /// credentials fail at once, with the reason), then runs the pool until graceful shutdown.
    public func run() async throws {
        do {
            try await migrate()
        } catch {
            schema.settle(error)
            throw error
        }
        schema.settle(nil)
        await client.run()
    }

    /// Runs `body` with the pool running and the schema up to date, then stops the pool: for commands that
    /// read the store and exit (reports) and for tests.
    public static func withRunning<Result: Sendable>(
        _ location: PostgresLocation, logger: Logger = Logger(label: "tocsin.store"), _ body: @Sendable (PostgresStore) async throws -> Result
    ) async throws -> Result {
        let store = PostgresStore(location: location, logger: logger)
        try await store.migrate()
        store.schema.settle(nil)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.client.run() }
            defer { group.cancelAll() }
            return try await body(store)
        }
    }

    /// Applies the migrations not yet recorded, under the advisory lock (see ``PostgresMigrations``).
    /// Returns the versions this call applied.
    @discardableResult
    public func migrate() async throws(StoreError) -> [Int] {
        let logger = self.logger
        let applied: [Int]
        do {
            applied = try await Self.withConnection(location, logger: logger) { connection in
                try await PostgresMigrations.migrate(on: connection, logger: logger)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .unavailable("cannot bring the schema of \(location) up to date: \(PostgresFailure.describe(error))")
        }
        if !applied.isEmpty { logger.notice("brought the database schema up to date", metadata: ["versions": "\(applied)"]) }
        return applied
    }

    /// Runs `body` on a connection of its own to `location` (not one of a pool's), then closes it. A server
    /// that cannot be reached, or refuses the credentials, throws `.unavailable` at once, saying why (never the password).
    public static func withConnection<Result: Sendable>(
        _ location: PostgresLocation, logger: Logger, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let configuration = try location.connectionConfiguration()
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        } catch {
            throw StoreError.unavailable("cannot connect to \(location): \(PostgresFailure.describe(error))")
        }
        do {
            let result = try await body(connection)
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Runs `body` in one transaction, again (up to ``attemptsPerTransaction`` in all) when PostgreSQL aborts it
    /// as a serialization failure or deadlock. `what` names the work in the error.
    @discardableResult
    func transaction<T: Sendable>(_ what: String, _ body: @Sendable (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        try await schema.ready()
        var attempt = 1
        while true {
            do {
                return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
            } catch let error as PostgresTransactionError {
                if let rollback = error.closureError as? RollingBack, let value = rollback.value as? T { return value }
                let cause = error.closureError ?? error.beginError ?? error.commitError ?? error.rollbackError
                if let cause, PostgresFailure.isRetryable(cause), attempt < Self.attemptsPerTransaction {
                    attempt += 1
                    continue
                }
                if let stored = cause as? StoreError { throw stored }
                throw PostgresFailure.storeError(cause ?? error, "cannot \(what)")
            } catch {
                if PostgresFailure.isRetryable(error), attempt < Self.attemptsPerTransaction {
                    attempt += 1
                    continue
                }
                throw PostgresFailure.storeError(error, "cannot \(what)")
            }
        }
    }

    /// Runs `body` on a pooled connection outside any transaction (reads, and single statements).
    @discardableResult
    func connection<T: Sendable>(_ what: String, _ body: @Sendable (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        try await schema.ready()
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw PostgresFailure.storeError(error, "cannot \(what)")
        }
    }

    /// Reads rows and turns them into values one by one: a row that cannot be read is logged and left out,
    /// so one bad row neither hides the others nor stops the caller.
    func readAll<Value: Sendable>(
        _ what: String, _ query: PostgresQuery, _ convert: @escaping @Sendable (PostgresRandomAccessRow) throws -> Value
    ) async throws(StoreError) -> [Value] {
        let logger = self.logger
        let (values, problems) = try await connection("read \(what)s") { connection -> ([Value], [String]) in
            var values: [Value] = []
            var problems: [String] = []
            for try await row in try await connection.query(query, logger: logger) {
                do {
                    values.append(try convert(row.makeRandomAccess()))
                } catch {
                    problems.append(PostgresFailure.describe(error))
                }
            }
            return (values, problems)
        }
        for problem in problems {
            logger.error("skipped a stored row that cannot be read", metadata: ["record": "\(what)", "error": "\(problem)"])
        }
        return values
    }

    /// The first row `query` returns, converted; nil when it returns none.
    func readOne<Value: Sendable>(
        _ what: String, _ query: PostgresQuery, _ convert: @escaping @Sendable (PostgresRandomAccessRow) throws -> Value
    ) async throws(StoreError) -> Value? {
        let logger = self.logger
        return try await connection("read \(what)") { connection in
            try await Self.first(query, on: connection, logger: logger, convert)
        }
    }

    /// The first row `query` returns on `connection`, converted; nil when it returns none.
    static func first<Value>(
        _ query: PostgresQuery, on connection: PostgresConnection, logger: Logger, _ convert: (PostgresRandomAccessRow) throws -> Value
    ) async throws -> Value? {
        // Every row is read (the rest are dropped), so the connection is left with no result pending.
        var first: Value?
        for try await row in try await connection.query(query, logger: logger) where first == nil {
            first = try convert(row.makeRandomAccess())
        }
        return first
    }
}

/// Thrown inside ``PostgresStore/transaction(_:_:)`` to roll the transaction back and still answer `value`
/// (e.g. a request another replica carried out first: nothing of this one is kept).
struct RollingBack: Error {
    let value: any Sendable
}
