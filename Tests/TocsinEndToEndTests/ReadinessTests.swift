import Foundation
import Testing
import TocsinApp
import TocsinSandbox
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Issue #12: `/readyz` says whether the bot can do its work (database writable, templates loaded, Slack
/// accepts the token), where `/healthz` only says the process answers.
@Suite struct ReadinessTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-ready-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    private func config() throws -> String {
        let path = directory.appendingPathComponent("tocsin.yml").path
        try DefaultConfiguration.yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func readyz(_ port: Int) async throws -> (status: Int, body: [String: Any]) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/readyz")!)
        let body = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, body)
    }

    @Test func readyWithAGoodTokenAndNotOnceSlackRevokesIt() async throws {
        try await Harness.withSandbox { harness in
            let bot = try await BotProcess.launch(
                apiURL: "http://127.0.0.1:\(harness.sandboxPort)/api/", database: directory.appendingPathComponent("r.sqlite").path, config: try config()
            )
            defer { bot.stop() }
            let ready = try await Self.readyz(bot.port)
            #expect(ready.status == 200, "\(ready.body)")
            #expect(ready.body["ready"] as? Bool == true)
            #expect((ready.body["checks"] as? [String: String]) == ["database": "ok", "templates": "ok", "slack": "ok"])

            await harness.workspace.revokeBotToken()
            #expect(try await bot.command("declare SEV1 checkout Card payments failing") == 200)
            var answer = try await Self.readyz(bot.port)
            let deadline = ContinuousClock.now + .seconds(20)
            while answer.status == 200 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
                answer = try await Self.readyz(bot.port)
            }
            #expect(answer.status == 503, "delivery saw the revoked token")
            let reasons = answer.body["reasons"] as? [String] ?? []
            #expect(reasons == ["slack: Slack refuses the bot token (token_revoked)"], "\(answer.body)")
            #expect((answer.body["checks"] as? [String: String])?["slack"] == "failing")
            #expect(!bot.everythingPrinted.contains("xoxb-sandbox"), "the token itself is never printed")
        }
    }

    @Test func notReadyWhileSlackCannotBeReached() async throws {
        let bot = try await BotProcess.launch(apiURL: "http://127.0.0.1:9/api/", database: directory.appendingPathComponent("u.sqlite").path, config: try config())
        defer { bot.stop() }
        let answer = try await Self.readyz(bot.port)
        #expect(answer.status == 503)
        let reasons = answer.body["reasons"] as? [String] ?? []
        #expect(reasons.count == 1 && reasons[0].hasPrefix("slack: the bot token is not confirmed yet (Slack could not be reached at start"), "\(answer.body)")
        let (_, health) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(bot.port)/healthz")!)
        #expect((health as? HTTPURLResponse)?.statusCode == 200, "liveness stays ok")
    }
}
