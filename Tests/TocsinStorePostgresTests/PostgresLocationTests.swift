import Foundation
import Logging
import Synchronization
import Testing
import TocsinApp
import TocsinStorePostgres

/// Reading `--database` URLs, and keeping their password out of every message and log line.
@Suite struct PostgresLocationTests {
    static let password = "s3cret-Pa55word"

    @Test(arguments: [
        ("postgres://tocsin:pw@db.example.com:6432/incidents?sslmode=require", "db.example.com", 6432, "incidents", PostgresLocation.SSLMode.require),
        ("postgresql://tocsin@127.0.0.1/tocsin", "127.0.0.1", 5432, "tocsin", .prefer),
        ("postgres://tocsin:pw@localhost:5432/tocsin?sslmode=disable", "localhost", 5432, "tocsin", .disable),
    ])
    func aURLIsRead(url: String, host: String, port: Int, database: String, mode: PostgresLocation.SSLMode) throws {
        let location = try PostgresLocation(url: url)
        #expect(location.host == host)
        #expect(location.port == port)
        #expect(location.database == database)
        #expect(location.sslMode == mode)
        #expect(location.username == "tocsin")
        #expect(!location.description.contains("pw"), "the description leaves the password out: \(location.description)")
    }

    @Test(arguments: [
        "postgres://tocsin:\(password)@/tocsin",
        "postgres://tocsin:\(password)@db:5432/",
        "postgres://tocsin:\(password)@db:99999/tocsin",
        "postgres://tocsin:\(password)@db:5432/tocsin?sslmode=sometimes",
        "postgres://tocsin:\(password)@db:5432/tocsin?pool=9",
        "postgres://:\(password)@db:5432/tocsin",
    ])
    func aBadURLIsOneSentenceWithoutThePassword(url: String) {
        do {
            _ = try PostgresLocation(url: url)
            Issue.record("\(url) was accepted")
        } catch {
            #expect(!error.description.contains(Self.password), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func onlyPostgresSchemesArePostgres() {
        #expect(PostgresLocation.isPostgresURL("postgres://a@b/c"))
        #expect(PostgresLocation.isPostgresURL("POSTGRESQL://a@b/c"))
        #expect(!PostgresLocation.isPostgresURL("tocsin.sqlite"))
        #expect(!PostgresLocation.isPostgresURL("/var/lib/tocsin/postgres.sqlite"))
    }

    @Test func anUnreachableServerIsAClearErrorWithoutThePasswordInItOrTheLogs() async throws {
        let lines = LogLines()
        var logger = Logger(label: "tocsin.test") { _ in lines }
        logger.logLevel = .trace
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        let location = try PostgresLocation(url: "postgres://tocsin:\(Self.password)@127.0.0.1:1/tocsin?sslmode=disable")
        let store = PostgresStore(location: location, logger: logger)
        do {
            try await store.migrate()
            Issue.record("a store on a closed port migrated")
        } catch {
            #expect(error.description.contains("cannot connect to postgres://tocsin@127.0.0.1:1/tocsin"), "\(error.description)")
            #expect(!error.description.contains(Self.password))
        }
        await #expect(throws: StoreError.self) { try await store.checkWritable() }
        #expect(!lines.all.contains { $0.contains(Self.password) }, "no log line holds the password")
    }

    @Test(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipReason))
    func aRefusedPasswordIsAClearErrorWithoutThePassword() async throws {
        let base = try TestDatabase.base()
        let lines = LogLines()
        var logger = Logger(label: "tocsin.test") { _ in lines }
        logger.logLevel = .trace
        let location = try PostgresLocation(url: "postgres://\(base.username):\(Self.password)@\(base.host):\(base.port)/\(base.database)?sslmode=\(base.sslMode.rawValue)")
        do {
            try await PostgresStore(location: location, logger: logger).migrate()
            Issue.record("a wrong password was accepted")
        } catch {
            #expect(error.description.contains("28P01"), "PostgreSQL's invalid_password is named: \(error.description)")
            #expect(!error.description.contains(Self.password))
        }
        #expect(!lines.all.contains { $0.contains(Self.password) }, "no log line holds the password")
    }
}

/// Every log line written through it, with its metadata, as text.
final class LogLines: LogHandler, Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }

    func log(event: LogEvent) {
        let text = "\(event.level) \(event.message) \(event.metadata ?? [:]) \(metadataProvider?.get() ?? [:])"
        lines.withLock { $0.append(text) }
    }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }

    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }
}
