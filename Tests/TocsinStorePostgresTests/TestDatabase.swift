import Foundation
import Logging
import PostgresNIO
import Testing
import TocsinStorePostgres

/// The PostgreSQL server the tests use, from `TOCSIN_TEST_POSTGRES` (a `postgres://` URL), and a fresh schema
/// per test so runs (and tests running in parallel) never see each other's rows.
///
/// Without the variable the PostgreSQL tests are skipped, saying so; under CI (`CI` set) the check
/// ``PostgresConfigurationTests`` fails instead, so a CI run cannot pass without them.
enum TestDatabase {
    static let variable = "TOCSIN_TEST_POSTGRES"
    static let url: String? = ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    static let isConfigured = url != nil
    static let skipReason: Comment = "TOCSIN_TEST_POSTGRES is unset: set it to a postgres:// URL (e.g. postgres://tocsin:tocsin@127.0.0.1:5432/tocsin_store) to run the PostgreSQL store tests"

    /// The server's location, without a schema.
    static func base() throws -> PostgresLocation {
        guard let url else { throw TestDatabaseMissing() }
        return try PostgresLocation(url: url)
    }

    /// Runs `body` with a location whose schema is new and empty, and drops the schema afterwards.
    static func withFreshSchema<Result: Sendable>(_ body: @Sendable (PostgresLocation) async throws -> Result) async throws -> Result {
        var location = try base()
        // A name made here from a UUID's hex digits: identifiers cannot be bound parameters.
        let schema = "tocsin_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await administer(location, "CREATE SCHEMA \(schema)")
        location.schema = schema
        do {
            let result = try await body(location)
            try await administer(location, "DROP SCHEMA \(schema) CASCADE")
            return result
        } catch {
            try? await administer(location, "DROP SCHEMA \(schema) CASCADE")
            throw error
        }
    }

    /// Runs one statement of the tests' own (schemas, damage) on a connection of its own.
    static func administer(_ location: PostgresLocation, _ sql: String) async throws {
        _ = try await PostgresStore.withConnection(location, logger: Logger(label: "tocsin.test")) { connection in
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "tocsin.test"))
        }
    }
}

struct TestDatabaseMissing: Error, CustomStringConvertible {
    var description: String { "\(TestDatabase.variable) is unset" }
}
