import Foundation
import Testing
import TocsinApp
import TocsinSandbox

/// Issue #10, item 5: a wrong bot token lost incidents (the first call's `invalid_auth` failed the
/// delivery for good). Now `serve` refuses a token Slack refuses, and a token refused while running
/// pauses delivery until it works again, losing nothing.
@Suite struct CredentialsFlowTests {
    @Test func serveRefusesATokenSlackRefusesWithOneSentence() async throws {
        try await Harness.withSandbox { harness in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-token-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let config = directory.appendingPathComponent("tocsin.yml").path
            try DefaultConfiguration.yaml.write(toFile: config, atomically: true, encoding: .utf8)
            let result = try await CommandLineTests.runOffThePool(
                ["serve", "--config", config, "--host", "127.0.0.1", "--port", "0", "--database", directory.appendingPathComponent("t.sqlite").path],
                environment: [
                    "SLACK_BOT_TOKEN": "xoxb-not-the-right-one", "SLACK_SIGNING_SECRET": Harness.signingSecret,
                    "TOCSIN_SLACK_API_URL": "http://127.0.0.1:\(harness.sandboxPort)/api/",
                ],
                timeout: 60
            )
            #expect(result.status != 0)
            #expect(result.errors.contains("Slack refuses SLACK_BOT_TOKEN (invalid_auth): copy the Bot User OAuth Token"), "\(result.errors)")
            #expect(!result.errors.contains("xoxb-not-the-right-one"), "the token itself is never printed")
        }
    }

    @Test func aTokenRevokedWhileRunningPausesDeliveryUntilItWorksAgain() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            let settings = DeliveryService.Settings(
                idlePoll: .milliseconds(50), initialBackoff: 0.05, maxBackoff: 0.5, retryDeadline: 0.5, credentialsProbeInterval: .milliseconds(200)
            )
            try await harness.withBot(delivery: settings) { bot in
                await workspace.revokeBotToken()
                let reply = try await bot.command("declare SEV1 checkout Card payments failing")
                #expect(reply.text.hasPrefix("Declared incident #1"))
                // Probing goes on past the retry deadline (0.5 s): a refused token is waited out, not given up on.
                let clock = ContinuousClock()
                @Sendable func refusals(_ workspace: SandboxWorkspace) async -> Int {
                    await workspace.calls().filter { $0.error == "token_revoked" }.count
                }
                #expect(await harness.eventually { await refusals($0) >= 3 }, "one probe per interval while refused")
                let seen = await refusals(workspace), since = clock.now
                #expect(await harness.eventually { await refusals($0) >= seen + 3 }, "probing goes on while refused")
                // Three more probes take more than two 200 ms intervals after `since`; calling for every entry would take milliseconds.
                let elapsed = clock.now - since
                #expect(elapsed >= .milliseconds(350), "while refused, delivery probes once per interval instead of calling for every entry (3 calls in \(elapsed))")
                #expect(await workspace.channel(named: DeclareFlowTests.channelName) == nil)

                await workspace.reinstateBotToken()
                #expect(await DeclareFlowTests.waitForDelivery(harness), "once the token works, the incident's channel and rings are done")
                let list = try await bot.command("list")
                #expect(!list.text.contains("(channel being created)"))
            }
        }
    }
}
