import Foundation
import Testing
import TocsinApp
import TocsinSandbox

/// Issue #10: what comes from outside never makes the store unreadable, and the store's files are the bot's alone.
@Suite struct StoredDataTests {
    /// A signed message event with an impossible `ts` used to be stored with an unreadable date; every later
    /// `/incident timeline` in that channel then crashed the process, also after a restart.
    @Test func aMessageWithAnImpossibleTimestampLeavesTheTimelineReadableAcrossARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-poison-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("tocsin.yml").path
        try DefaultConfiguration.yaml.write(toFile: config, atomically: true, encoding: .utf8)
        let database = directory.appendingPathComponent("tocsin.sqlite").path

        try await Harness.withSandbox { harness in
            let apiURL = "http://127.0.0.1:\(harness.sandboxPort)/api/"
            let first = try await BotProcess.launch(apiURL: apiURL, database: database, config: config)
            #expect(try await first.command("declare SEV1 checkout Card payments failing") == 200)
            #expect(await DeclareFlowTests.waitForDelivery(harness))
            let channel = try #require(await harness.workspace.channel(named: DeclareFlowTests.channelName)).id

            for (index, ts) in ["nan", "inf", "1e300", "12345678901234567890", "-1.000000"].enumerated() {
                let event = CaptureFlowTests.event("EvPoison\(index)", [
                    "type": "message", "channel": channel, "user": "U02ONCALL1", "ts": ts, "event_ts": ts, "channel_type": "channel",
                    "text": "see https://grafana.example.com/d/poison\(index)",
                ])
                let (status, _) = try await first.signedPost("/slack/events", body: event, contentType: "application/json")
                #expect(status == 200, "ts \(ts)")
            }
            let timeline = try await first.commandReply("timeline", user: "U01PAYLEAD", channel: channel)
            #expect(timeline.hasPrefix("*Timeline of #1 Card payments failing*"), "\(timeline)")
            #expect(!timeline.contains("poison"), "\(timeline)")
            #expect(first.process.isRunning)

            // The database's files are the bot's user's alone, -wal and -shm included.
            for suffix in ["", "-wal", "-shm"] {
                let attributes = try FileManager.default.attributesOfItem(atPath: database + suffix)
                #expect((attributes[.posixPermissions] as? Int) == 0o600, "tocsin.sqlite\(suffix)")
            }
            first.stop()

            let second = try await BotProcess.launch(apiURL: apiURL, database: database, config: config)
            let again = try await second.commandReply("timeline", user: "U01PAYLEAD", channel: channel)
            #expect(again.hasPrefix("*Timeline of #1 Card payments failing*"), "\(again)")
            #expect(second.process.isRunning)
            second.stop()
        }
    }
}
