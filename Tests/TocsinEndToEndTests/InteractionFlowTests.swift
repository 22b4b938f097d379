import Foundation
import Testing
import TocsinSandbox

/// What Slack shows people for their clicks and mentions, and Slack's certificate check, end to end through the
/// sandbox console: the bot's answers must reach people the way Slack delivers them.
@Suite struct InteractionFlowTests {
    /// The index of the block holding the button `actionID` in a message's blocks.
    static func blockIndex(of actionID: String, in message: SandboxMessage) throws -> Int {
        let json = try #require(message.blocksJSON)
        let blocks = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        return try #require(blocks.firstIndex { block in
            let elements = (block["elements"] as? [[String: Any]] ?? []) + [block["accessory"] as? [String: Any] ?? [:]]
            return elements.contains { $0["action_id"] as? String == actionID }
        })
    }

    @Test func aCheckInClickIsAnsweredThroughItsResponseURLToTheClickerOnly() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot { bot in
                _ = try await bot.command("declare SEV1 checkout Card payments failing", user: "U05EXEC")
                #expect(await DeclareFlowTests.waitForDelivery(harness))
                let channel = try #require(await workspace.channel(named: DeclareFlowTests.channelName))
                let welcome = try #require(await workspace.messages(inChannel: channel.id).first)
                let index = try Self.blockIndex(of: "incident_check_in", in: welcome)
                try await harness.withConsole(to: bot) { console in
                    let click: [String: Any] = [
                        "user": "U02ONCALL1", "channel": channel.id, "message_ts": welcome.ts, "block_index": index, "action_id": "incident_check_in",
                    ]
                    let first = try await console.send("action", click)
                    #expect(first["ok"] as? Bool == true, "\(first)")
                    #expect(await harness.eventually { await $0.ephemerals().count == 1 })
                    _ = try await console.send("action", click)
                    #expect(await harness.eventually { await $0.ephemerals().count == 2 })
                }
                let replies = await workspace.ephemerals()
                #expect(replies.allSatisfy { $0.user == "U02ONCALL1" && $0.channelID == channel.id })
                #expect(replies.map(\.text).first == "You're checked in on incident #1; thank you. The time to action is recorded.")
                #expect(replies.map(\.text).last?.hasPrefix("You already checked in on incident #1 at ") == true)
                // The welcome is left as it was; the check-in itself is announced once.
                #expect(await harness.eventually { await $0.messages(inChannel: channel.id).count == 2 })
                #expect(await workspace.messages(inChannel: channel.id).first?.text == welcome.text)
            }
        }
    }

    @Test func slacksCertificateCheckOfTheCommandURLIsAnsweredWith200() async throws {
        try await Harness.withSandbox { harness in
            try await harness.withBot { bot in
                try await harness.withConsole(to: bot) { console in
                    let check = try await console.send("ssl-check")
                    #expect(check["status"] as? Int == 200, "\(check)")
                    #expect(check["body"] as? String == "")
                }
                // Nothing was processed: no incident, no call to the workspace.
                let list = try await bot.command("list")
                #expect(list.text.hasPrefix("No active incidents."))
                #expect(await harness.workspace.calls().isEmpty)
            }
        }
    }

    @Test func aMentionIsAnsweredInItsThreadWithTheIncidentsStatusOrAPointer() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot { bot in
                _ = try await bot.command("declare SEV1 checkout Card payments failing", user: "U05EXEC")
                #expect(await DeclareFlowTests.waitForDelivery(harness))
                let channel = try #require(await workspace.channel(named: DeclareFlowTests.channelName))
                let payments = try #require(await workspace.channel(named: "payments"))
                // The bot joined #payments to tell the stakeholders ring; Slack then sends it that channel's events.
                #expect(await harness.eventually { await $0.messages(inChannel: payments.id).count == 1 })
                try await harness.withConsole(to: bot) { console in
                    let inIncident = try await console.send("command", ["user": "omar", "channel": channel.id, "text": "@tocsin where are we?"])
                    #expect(inIncident["event_status"] as? Int == 200, "\(inIncident)")
                    let asked = try #require(inIncident["ts"] as? String)
                    #expect(await harness.eventually { await $0.messages(inChannel: channel.id).contains { $0.threadTS == asked } })
                    let status = try #require(await workspace.messages(inChannel: channel.id).first { $0.threadTS == asked })
                    #expect(status.text.hasPrefix("#1 *SEV1* Card payments failing is declared, open for "))
                    #expect(status.text.contains("commander <@U05EXEC>."))

                    let elsewhere = try await console.send("command", ["user": "omar", "channel": payments.id, "text": "@tocsin hello"])
                    let hello = try #require(elsewhere["ts"] as? String)
                    #expect(await harness.eventually { await $0.messages(inChannel: payments.id).contains { $0.threadTS == hello } })
                    let pointer = try #require(await workspace.messages(inChannel: payments.id).first { $0.threadTS == hello })
                    #expect(pointer.text == "I run incidents through `/incident`: `/incident declare` opens one, and `/incident help` lists everything I can do.")

                    // In the incident's executive thread the question is relayed; the reply says so.
                    let exec = try #require(await workspace.channel(named: "exec-incidents"))
                    #expect(await harness.eventually { await $0.messages(inChannel: exec.id).count == 1 })
                    let root = try #require(await workspace.messages(inChannel: exec.id).first)
                    let question = try await console.send("command", ["user": "erin", "channel": exec.id, "thread_ts": root.ts, "text": "@tocsin ETA?"])
                    #expect(question["event_status"] as? Int == 200, "\(question)")
                    #expect(await harness.eventually { await $0.messages(inChannel: exec.id).contains { $0.text.hasPrefix("I passed this on") } })
                    let passed = try #require(await workspace.messages(inChannel: exec.id).first { $0.text.hasPrefix("I passed this on") })
                    #expect(passed.text == "I passed this on to <@U05EXEC> in the channel of #1; the answer will come in this thread.")
                    #expect(passed.threadTS == root.ts)
                    #expect(await harness.eventually { await $0.messages(inChannel: channel.id).contains { $0.text.contains("ETA?") } })
                }
            }
        }
    }
}
