import Foundation
import Testing
import TocsinApp
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Issue #12: every setting of `serve` from `TOCSIN_*` variables beside the flags (the flag wins), and a bad
/// value from the environment refused as clearly as a bad flag, naming the variable.
@Suite struct EnvironmentSettingsTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-env-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    @Test func aBadValueFromTheEnvironmentIsRefusedNamingTheVariable() throws {
        let secrets = ["SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"]
        for (variable, value, expected) in [
            ("TOCSIN_PORT", "eighty", "TOCSIN_PORT is `eighty`, which is not a valid value for --port"),
            ("TOCSIN_PORT", "70000", "TOCSIN_PORT is `70000`, which is not a port: give 0 to 65535."),
            ("TOCSIN_METRICS_PORT", "0", "TOCSIN_METRICS_PORT is `0`, which is not a port: give 1 to 65535."),
            ("TOCSIN_LOG_LEVEL", "loud", "TOCSIN_LOG_LEVEL is `loud`, which is not a valid value for --log-level (one of trace, debug, info, notice, warning, error, critical)"),
            ("TOCSIN_LOG_FORMAT", "xml", "TOCSIN_LOG_FORMAT is `xml`, which is not a valid value for --log-format (one of text, json)"),
        ] {
            let result = try CommandLineTests.run(["serve"], environment: secrets.merging([variable: value]) { $1 })
            #expect(result.status != 0)
            #expect(result.errors.contains(expected), "\(variable)=\(value): \(result.errors)")
        }
        let sandbox = try CommandLineTests.run(["sandbox"], environment: ["TOCSIN_LOG_FORMAT": "xml"])
        #expect(sandbox.status != 0)
        #expect(sandbox.errors.contains("TOCSIN_LOG_FORMAT is `xml`"), "\(sandbox.errors)")
    }

    @Test func aFlagWinsOverTheEnvironment() throws {
        // With the flags given, the bad variables are never read: serve gets as far as its missing token.
        let result = try CommandLineTests.run(
            ["serve", "--port", "0", "--log-format", "text", "--log-level", "info"],
            environment: ["TOCSIN_PORT": "eighty", "TOCSIN_LOG_FORMAT": "xml", "TOCSIN_LOG_LEVEL": "loud"]
        )
        #expect(result.status != 0)
        #expect(result.errors.contains("SLACK_BOT_TOKEN is not set"), "\(result.errors)")

        let bad = directory.appendingPathComponent("bad.yml").path
        try "slack:\n  exec_chanel: x\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let good = directory.appendingPathComponent("good.yml").path
        try DefaultConfiguration.yaml.write(toFile: good, atomically: true, encoding: .utf8)
        let fromEnvironment = try CommandLineTests.run(["check-config"], environment: ["TOCSIN_CONFIG": bad])
        #expect(fromEnvironment.status == 1)
        #expect(fromEnvironment.output.contains("unknown key `slack.exec_chanel`"), "\(fromEnvironment.output)")
        let fromFlag = try CommandLineTests.run(["check-config", "--config", good], environment: ["TOCSIN_CONFIG": bad])
        #expect(fromFlag.status == 0, "\(fromFlag.output)")
    }

    @Test func serveTakesEverySettingFromTheEnvironment() async throws {
        let config = directory.appendingPathComponent("env.yml").path
        try DefaultConfiguration.yaml.write(toFile: config, atomically: true, encoding: .utf8)
        let database = directory.appendingPathComponent("from-env.sqlite").path
        let bot = try await BotProcess.launchWithoutFlags(environment: [
            "TOCSIN_CONFIG": config, "TOCSIN_HOST": "127.0.0.1", "TOCSIN_PORT": "0", "TOCSIN_DATABASE": database,
            "TOCSIN_LOG_LEVEL": "debug", "TOCSIN_LOG_FORMAT": "json", "TOCSIN_SLACK_API_URL": "http://127.0.0.1:9/api/",
            "SLACK_BOT_TOKEN": "xoxb-env", "SLACK_SIGNING_SECRET": Harness.signingSecret,
        ])
        defer { bot.stop() }
        let (_, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(bot.port)/healthz")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(FileManager.default.fileExists(atPath: database), "TOCSIN_DATABASE names the file the bot opened")
        let lines = bot.log.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["level"] != nil && object?["message"] != nil, "a JSON log line: \(line)")
        }
    }
}

extension BotProcess {
    /// `tocsin serve` with no flags at all, every setting from `environment`, once it listens.
    static func launchWithoutFlags(environment: [String: String]) async throws -> BotProcess {
        try await launch(apiURL: environment["TOCSIN_SLACK_API_URL"] ?? "", database: "", config: "", environment: environment, withoutFlags: true)
    }
}
