import Foundation
import Testing
import TocsinApp
import TocsinSandbox

/// SIGKILL the real `tocsin` process in the middle of a burst of declarations, start it again on
/// the same database, and check the workspace: everything delivered, nothing twice.
@Suite struct CrashRecoveryTests {
    static let incidents = 8

    @Test func aKilledBotFinishesEveryDeclarationWithoutDuplicatesAfterRestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("tocsin.yml").path
        try DefaultConfiguration.yaml.write(toFile: config, atomically: true, encoding: .utf8)
        let database = directory.appendingPathComponent("tocsin.sqlite").path

        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            await workspace.setLatency(0.03)
            let apiURL = "http://127.0.0.1:\(harness.sandboxPort)/api/"

            let first = try await BotProcess.launch(apiURL: apiURL, database: database, config: config)
            for number in 1...Self.incidents {
                #expect(try await first.command("declare SEV1 checkout Outage number \(number)") == 200)
            }
            // Kill it once delivery is under way but not finished.
            #expect(await harness.eventually { workspace in await workspace.calls().filter { $0.method == "chat.postMessage" && $0.ok }.count >= 3 })
            first.kill()
            let deliveredBeforeCrash = await workspace.calls().filter(\.ok).count
            #expect(await !Self.complete(workspace), "the crash should interrupt delivery (\(deliveredBeforeCrash) calls made)")

            let second = try await BotProcess.launch(apiURL: apiURL, database: database, config: config)
            #expect(await harness.eventually(timeout: .seconds(60)) { await Self.complete($0) })
            // Any call repeated by mistake has landed once delivery has come to rest.
            #expect(try await Harness.settled(database: database, workspace: workspace))
            second.kill()

            let incidentChannels = await workspace.channels().filter { $0.name.hasPrefix("inc-") }
            #expect(incidentChannels.count == Self.incidents)
            for channel in incidentChannels {
                // The welcome once, and other incidents (all on checkout) as possibly related, each at most once
                // (a declaration links the few most recent, so which ones depends on the order; issue #15).
                let messages = await workspace.messages(inChannel: channel.id)
                #expect(messages.filter { !$0.visibleText.contains("Possibly related") }.count == 1, "#\(channel.name)")
                let related = messages.filter { $0.visibleText.contains("Possibly related") }.map { message in
                    message.visibleText.firstMatch(of: /incident #(\d+)/).map { String($0.1) } ?? message.visibleText
                }
                #expect(!related.isEmpty, "#\(channel.name) was linked to no other incident")
                #expect(Set(related).count == related.count, "#\(channel.name) was told twice of one incident: \(related)")
                #expect(channel.members.contains("U01PAYLEAD"))
            }
            for ring in ["payments", "incidents", "exec-incidents"] {
                let channel = try #require(await workspace.channel(named: ring))
                let texts = await workspace.messages(inChannel: channel.id).map(\.text)
                #expect(texts.count == Self.incidents, "#\(ring) got \(texts.count) messages")
                for number in 1...Self.incidents {
                    #expect(texts.filter { $0.contains("#\(number) ") || $0.contains("#\(number)*") }.count == 1, "#\(ring) and incident \(number)")
                }
            }
        }
    }

    /// Every incident channel has its welcome and every ring channel one message per incident.
    static func complete(_ workspace: SandboxWorkspace) async -> Bool {
        let incidentChannels = await workspace.channels().filter { $0.name.hasPrefix("inc-") }
        guard incidentChannels.count == incidents else { return false }
        for channel in incidentChannels where await workspace.messages(inChannel: channel.id).isEmpty { return false }
        for ring in ["payments", "incidents", "exec-incidents"] {
            guard let channel = await workspace.channel(named: ring), await workspace.messages(inChannel: channel.id).count >= incidents else { return false }
        }
        return true
    }
}
