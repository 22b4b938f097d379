import Foundation

/// A fresh PostgreSQL database for one benchmark run, created on the server `--postgres` names and dropped after,
/// with Debian's `psql` (installed with the server).
struct PostgresBenchDatabase: Sendable {
    enum Failure: Error, CustomStringConvertible {
        case notAURL(String)
        case psql(String)

        var description: String {
            switch self {
            case .notAURL(let url): "--postgres is not a postgres:// URL: \(url)"
            case .psql(let output): "psql failed (is PostgreSQL running, and may the role create databases?): \(output)"
            }
        }
    }

    /// The default server: the development machine's cluster and its benchmark database.
    static let defaultServer = "postgres://tocsin:tocsin@127.0.0.1:5432/tocsin_bench"

    /// How many incidents the database holds.
    static let countIncidents = "SELECT count(*) FROM incident"

    let name: String
    let url: String
    let server: String

    static func create(on server: String, label: String) async throws -> PostgresBenchDatabase {
        guard var components = URLComponents(string: server), components.scheme?.hasPrefix("postgres") == true else {
            throw Failure.notAURL(server)
        }
        let name = "tocsin_bench_\(label)_\(UUID().uuidString.prefix(8).lowercased())"
        components.path = "/" + name
        guard let url = components.string else { throw Failure.notAURL(server) }
        try await psql(server, "CREATE DATABASE \(name)")
        return PostgresBenchDatabase(name: name, url: url, server: server)
    }

    func drop() async {
        _ = try? await Self.psql(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// The value of a one-value query on this database.
    func scalar(_ query: String) async throws -> String {
        try await Self.psql(url, query, tuplesOnly: true).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    static func psql(_ url: String, _ command: String, tuplesOnly: Bool = false) async throws -> String {
        let arguments = [url, "-X", "-q", "-v", "ON_ERROR_STOP=1"] + (tuplesOnly ? ["-A", "-t"] : []) + ["-c", command]
        let (status, output) = try await ChildProcess.output(of: "/usr/bin/psql", arguments: arguments, timeout: .seconds(60))
        guard status == 0 else { throw Failure.psql(output) }
        return output
    }
}
