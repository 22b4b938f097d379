import Foundation
import Testing
import TocsinApp
import TocsinServer
import TocsinTestSupport

/// `--database` with a PostgreSQL URL that cannot be used: every command stops with one sentence and a non-zero
/// exit, never a crash, and the URL's password is in none of its output.
@Suite struct DatabaseURLTests {
    static let password = "hunter2-Secret"
    /// Port 1 on loopback: nothing listens, so the connection is refused at once.
    static let unreachable = "postgres://tocsin:\(password)@127.0.0.1:1/tocsin?sslmode=disable"

    /// The one line `run` wrote to stderr, after checking it failed without showing the password anywhere.
    private func refusal(_ run: CommandLineTests.Run) -> String {
        #expect(run.status != 0)
        #expect(!run.output.contains(Self.password) && !run.errors.contains(Self.password), "the password is shown: \(run.errors)")
        let lines = run.errors.split(separator: "\n").filter { $0.hasPrefix("Error:") }
        #expect(lines.count == 1, "one sentence: \(run.errors)")
        return lines.first.map(String.init) ?? ""
    }

    @Test func reportsOnAnUnreachableServerSayWhichServerAndWhy() throws {
        for arguments in [["kpis", "--database", Self.unreachable], ["postmortem", "1", "--database", Self.unreachable]] {
            let line = refusal(try CommandLineTests.run(arguments))
            #expect(line.contains("cannot connect to postgres://tocsin@127.0.0.1:1/tocsin"), "\(line)")
            #expect(line.contains("refused"), "\(line)")
        }
    }

    @Test func aBadURLIsRefusedBeforeAnythingStarts() throws {
        let line = refusal(try CommandLineTests.run(["kpis"], environment: ["TOCSIN_DATABASE": "postgres://tocsin:\(Self.password)@127.0.0.1:5432/tocsin?sslmode=sometimes"]))
        #expect(line.contains("sslmode is sometimes; use disable, prefer or require"), "\(line)")
    }

    @Test func serveStopsWhenItsDatabaseCannotBeReached() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-db-url-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("tocsin.yml").path
        try DefaultConfiguration.yaml.write(toFile: config, atomically: true, encoding: .utf8)
        let run = try CommandLineTests.run(
            ["serve", "--config", config, "--host", "127.0.0.1", "--port", "0", "--log-level", "trace"],
            environment: [
                "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "TOCSIN_SLACK_API_URL": "http://127.0.0.1:9/api/",
                "TOCSIN_DATABASE": Self.unreachable,
            ]
        )
        let line = refusal(run)
        #expect(line.contains("The database is unavailable: cannot connect to postgres://tocsin@127.0.0.1:1/tocsin"), "\(line)")
    }
}

/// The settings `serve` logs name the database without a PostgreSQL URL's password.
@Suite struct DatabaseURLRedactionTests {
    @Test(arguments: [
        ("postgres://tocsin:hunter2-Secret@db.internal:5432/tocsin?sslmode=require", "postgres://tocsin@db.internal:5432/tocsin?sslmode=require"),
        ("postgres://tocsin:hunter2-Secret@db.internal:5432/tocsin?sslmode=often", "an unreadable postgres:// URL"),
        ("/var/lib/tocsin/tocsin.sqlite", "/var/lib/tocsin/tocsin.sqlite"),
    ])
    func theDatabaseIsNamedWithoutItsPassword(database: String, shown: String) {
        #expect(StoreLocation.redacted(database) == shown)
        let settings = ServerSettings(
            databasePath: database, configuration: Example.configuration, catalog: Example.catalog, templatesDirectory: nil,
            apiURL: "http://127.0.0.1:9/api/", botToken: "xoxb-1", signingSecret: "s"
        )
        #expect(!"\(settings)".contains("hunter2"))
    }
}
