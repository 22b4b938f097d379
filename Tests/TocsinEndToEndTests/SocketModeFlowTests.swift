import Foundation
import Testing
import TocsinSandbox
import TocsinSlack

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Socket Mode end to end: the bot opens a WebSocket to the sandbox (`apps.connections.open` with the app token),
/// and what people type and click in the sandbox reaches it over that socket instead of HTTP.
@Suite struct SocketModeFlowTests {
    /// The sandbox's own page routes: its console sends over the bot's socket.
    static func console(_ harness: Harness) -> SandboxConsole {
        SandboxConsole(baseURL: "http://127.0.0.1:\(harness.sandboxPort)")
    }

    /// The sandbox's view of the socket: connected, and how many connections were made.
    static func socket(_ harness: Harness) async -> (connected: Bool, connections: Int) {
        guard let url = URL(string: "http://127.0.0.1:\(harness.sandboxPort)/sandbox/socket"),
            let (data, _) = try? await URLSession.shared.data(from: url),
            let state = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { return (false, 0) }
        return (state["connected"] as? Bool ?? false, state["connections"] as? Int ?? 0)
    }

    static func connected(_ harness: Harness, connections: Int) async -> Bool {
        await harness.eventually { _ in
            let state = await socket(harness)
            return state.connected && state.connections == connections
        }
    }

    @Test func aCommandAClickAndAMentionTravelOverTheSocket() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot(socketModeAppToken: harness.seed.appToken) { _ in
                #expect(await Self.connected(harness, connections: 1))
                let console = Self.console(harness)
                let declared = try await console.type("/incident declare SEV1 checkout Card payments failing", as: "erin", in: "general")
                #expect(declared["ok"] as? Bool == true, "\(declared)")
                #expect(await DeclareFlowTests.waitForDelivery(harness))
                let channel = try #require(await workspace.channel(named: DeclareFlowTests.channelName))

                let welcome = try #require(await workspace.messages(inChannel: channel.id).first)
                let index = try InteractionFlowTests.blockIndex(of: "incident_check_in", in: welcome)
                let click: [String: Any] = [
                    "user": "U02ONCALL1", "channel": channel.id, "message_ts": welcome.ts, "block_index": index, "action_id": "incident_check_in",
                ]
                let before = await workspace.ephemerals().count
                let clicked = try await console.send("action", click)
                #expect(clicked["ok"] as? Bool == true, "\(clicked)")
                #expect(await harness.eventually { await $0.ephemerals().count == before + 1 })
                #expect(await workspace.ephemerals().last?.text == "You're checked in on incident #1; thank you. The time to action is recorded.")

                let mention = try await console.send("command", ["user": "omar", "channel": channel.id, "text": "@tocsin where are we?"])
                #expect(mention["event_status"] as? Int == 200, "\(mention)")
                let asked = try #require(mention["ts"] as? String)
                #expect(await harness.eventually { await $0.messages(inChannel: channel.id).contains { $0.threadTS == asked } })
                let status = try #require(await workspace.messages(inChannel: channel.id).first { $0.threadTS == asked })
                #expect(status.text.hasPrefix("#1 *SEV1* Card payments failing is declared, open for "))
            }
        }
    }

    @Test func theBotReconnectsAfterADisconnectAndAfterADroppedConnection() async throws {
        try await Harness.withSandbox { harness in
            try await harness.withBot(socketModeAppToken: harness.seed.appToken) { _ in
                #expect(await Self.connected(harness, connections: 1))
                let console = Self.console(harness)
                #expect(try await console.send("socket/disconnect")["ok"] as? Bool == true)
                #expect(await Self.connected(harness, connections: 2))
                #expect(try await console.send("socket/drop")["ok"] as? Bool == true)
                #expect(await Self.connected(harness, connections: 3))
                let list = try await console.type("/incident list", as: "erin", in: "general")
                #expect(list["ok"] as? Bool == true, "\(list)")
                #expect((list["reply"] as? String)?.hasPrefix("No active incidents.") == true, "\(list)")
            }
        }
    }

    /// Slack may deliver an envelope again (after a reconnect, or when the ack was late): it is acknowledged and
    /// not acted on twice.
    @Test func anEnvelopeDeliveredTwiceIsActedOnOnce() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot(socketModeAppToken: harness.seed.appToken) { _ in
                #expect(await Self.connected(harness, connections: 1))
                let console = Self.console(harness)
                _ = try await console.type("/incident declare SEV1 checkout Card payments failing", as: "erin", in: "general")
                #expect(await DeclareFlowTests.waitForDelivery(harness))
                let channel = try #require(await workspace.channel(named: DeclareFlowTests.channelName))
                let welcome = try #require(await workspace.messages(inChannel: channel.id).first)
                let index = try InteractionFlowTests.blockIndex(of: "incident_check_in", in: welcome)
                let click: [String: Any] = [
                    "user": "U02ONCALL1", "channel": channel.id, "message_ts": welcome.ts, "block_index": index, "action_id": "incident_check_in",
                ]
                let before = await workspace.ephemerals().count
                #expect(try await console.send("action", click)["ok"] as? Bool == true)
                #expect(await harness.eventually { await $0.ephemerals().count == before + 1 })

                let again = try await console.send("socket/redeliver")
                #expect(again["ok"] as? Bool == true, "\(again)")
                // The bot reads its socket in order: once this command is answered, the repeat has been handled.
                let list = try await console.type("/incident list", as: "erin", in: "general")
                #expect((list["reply"] as? String)?.contains("#1") == true, "\(list)")
                #expect(await harness.eventually { await $0.ephemerals().count >= before + 2 })
                // Only the list's reply was added: the repeated click did not answer "You already checked in".
                let texts = await workspace.ephemerals().map(\.text)
                #expect(!texts.contains { $0.hasPrefix("You already checked in") }, "\(texts)")
            }
        }
    }
}

/// `tocsin manifest --socket-mode` and `tocsin serve --socket-mode` from the command line.
@Suite struct SocketModeCommandLineTests {
    @Test func theSocketModeManifestHasNoRequestURLs() throws {
        let result = try CommandLineTests.run(["manifest", "--socket-mode"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("  socket_mode_enabled: true\n"))
        #expect(result.output.contains("    - command: /incident\n      description: "))
        #expect(!result.output.contains("url:"), "\(result.output)")
        #expect(result.output.contains("    is_enabled: true\n"))
        for event in SlackAppPermissions.botEvents { #expect(result.output.contains("      - \(event)\n"), "manifest lacks \(event)") }
        let http = try CommandLineTests.run(["manifest"])
        #expect(http.output.contains("  socket_mode_enabled: false\n"))
        // Issue #15: both shortcuts, the same in either form (Slack sends them to the interactivity URL or the socket).
        for manifest in [result.output, http.output] {
            #expect(manifest.contains(CommandLineTests.shortcuts), "\(manifest)")
        }
    }

    @Test func serveInSocketModeNeedsAnAppToken() throws {
        let result = try CommandLineTests.run(
            ["serve", "--socket-mode"], environment: ["SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-not-an-app-token"])
        #expect(result.status != 0)
        #expect(result.errors.contains("SLACK_APP_TOKEN is not set to an app-level token (xapp-…)"), "\(result.errors)")
        #expect(!result.errors.contains("xoxb-not-an-app-token"))
    }
}
