import Foundation
import Testing
import TocsinApp
import TocsinSandbox

/// Issue #10: at `--log-level debug` the start-up description of the services printed the bot token
/// and the Jira token. No secret may reach any line the process prints, at any level.
@Suite struct SecretsInLogsTests {
    static let botToken = "xoxb-4242-SECRETBOTTOKEN-neverlogged"
    static let signingSecret = "5ecret5igning5ecret-neverlogged"
    static let jiraToken = "ATATT-SECRETJIRATOKEN-neverlogged"

    @Test func aTraceLevelRunPrintsNoSecret() async throws {
        var seed = SandboxSeed.demo
        seed.botToken = Self.botToken
        try await Harness.withSandbox(seed: seed) { harness in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-secrets-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let config = directory.appendingPathComponent("tocsin.yml").path
            try (DefaultConfiguration.yaml + "tracker:\n  base_url: http://127.0.0.1:9\n  project_key: OPS\n").write(toFile: config, atomically: true, encoding: .utf8)
            let bot = try await BotProcess.launch(
                apiURL: "http://127.0.0.1:\(harness.sandboxPort)/api/", database: directory.appendingPathComponent("t.sqlite").path, config: config,
                signingSecret: Self.signingSecret, botToken: Self.botToken, logLevel: "trace", environment: ["TOCSIN_JIRA_TOKEN": Self.jiraToken]
            )
            #expect(try await bot.command("declare SEV1 checkout Card payments failing") == 200)
            #expect(try await bot.command("action <@U04SRE> Alert on declines") == 200)
            #expect(await DeclareFlowTests.waitForDelivery(harness))
            bot.stop()
            let printed = bot.everythingPrinted
            #expect(printed.contains("trace") || printed.contains("debug"), "the run logged at trace level")
            for secret in [Self.botToken, Self.signingSecret, Self.jiraToken, "SECRETBOTTOKEN", "SECRETJIRATOKEN"] {
                #expect(!printed.contains(secret), "a secret was printed:\n\(printed.prefix(4000))")
            }
        }
    }
}
