import Foundation
import Testing

/// A fresh PostgreSQL database for one test, created on the server `TOCSIN_TEST_POSTGRES` names (a
/// `postgres://user:password@host:port/database` URL whose role may create databases) and dropped afterwards.
///
/// Without the variable the tests that need PostgreSQL are skipped, saying so; under CI (`CI` set) they fail
/// instead, since `.ci/run` starts a server and sets it.
struct PostgresTestDatabase {
    static let variable = "TOCSIN_TEST_POSTGRES"

    static var serverURL: String? {
        ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether these tests must run: under CI a missing server is a failure, not a skip.
    static var required: Bool {
        !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty
    }

    /// The trait for a test that needs PostgreSQL.
    static var available: ConditionTrait {
        .enabled(
            if: serverURL != nil || required,
            "TOCSIN_TEST_POSTGRES is unset: set it to a postgres:// URL of a role that may create databases to run the replica tests"
        )
    }

    let name: String
    /// The URL of the fresh database, for `tocsin serve --database`.
    let url: String
    private let serverURL: String

    /// Creates a database named after `label` and a random part.
    static func create(_ label: String) throws -> PostgresTestDatabase {
        guard let serverURL else {
            throw PostgresTestDatabaseError.notConfigured("CI is set but \(variable) is not: .ci/run must start PostgreSQL and set it")
        }
        let name = "tocsin_\(label)_\(UUID().uuidString.prefix(8).lowercased())"
        guard var components = URLComponents(string: serverURL) else {
            throw PostgresTestDatabaseError.notConfigured("\(variable) is not a URL")
        }
        components.path = "/" + name
        guard let url = components.string else { throw PostgresTestDatabaseError.notConfigured("\(variable) is not a URL") }
        try psql(serverURL, "CREATE DATABASE \(name)")
        return PostgresTestDatabase(name: name, url: url, serverURL: serverURL)
    }

    /// Drops the database, disconnecting whoever is still on it.
    func drop() {
        try? Self.psql(serverURL, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// Runs one SQL command with Debian's `psql` (installed with the server) against `url`.
    static func psql(_ url: String, _ command: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", command]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try ProcessLaunch.run(process)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw PostgresTestDatabaseError.psqlFailed(command, message) }
    }
}

enum PostgresTestDatabaseError: Error, CustomStringConvertible {
    case notConfigured(String)
    case psqlFailed(String, String)

    var description: String {
        switch self {
        case .notConfigured(let reason): reason
        case .psqlFailed(let command, let message): "psql failed on `\(command)`: \(message)"
        }
    }
}
