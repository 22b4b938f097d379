import Foundation
import Testing
import TocsinSandbox
import TocsinStore

/// What people see, as Slack's client shows it: a message with blocks shows only its blocks, so its words
/// must be in them; long text stays within Slack's limits; a resolved incident offers no stale buttons.
@Suite struct VisibleMessagesTests {
    static let channelName = DeclareFlowTests.channelName

    @Test func theResolveAndActionItemMessagesShowTheirWordsAboveTheirButtons() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot { bot in
                _ = try await bot.command("declare SEV1 checkout Card payments failing", user: "U01PAYLEAD")
                #expect(await DeclareFlowTests.waitForDelivery(harness))
                let channel = try #require(await workspace.channel(named: Self.channelName)).id
                _ = try await bot.command("resolve Rolled back payments-api", user: "U01PAYLEAD", channel: channel)
                _ = try await bot.command("action <@U04SRE|sam> Alert on card decline rate", user: "U01PAYLEAD", channel: channel)
                #expect(await harness.eventually { await $0.messages(inChannel: channel).count == 3 })

                let messages = await workspace.messages(inChannel: channel)
                let resolved = try #require(messages.first { $0.buttons == ["Retro survey"] })
                #expect(resolved.visibleText.contains("*#1 resolved* by <@U01PAYLEAD>"), "people see: \(resolved.visibleText)")
                #expect(resolved.visibleText.contains("Rolled back payments-api"))
                let action = try #require(messages.first { $0.buttons == ["Done"] })
                #expect(action.visibleText.contains("Action item #1 for <@U04SRE>: Alert on card decline rate"), "people see: \(action.visibleText)")
            }
        }
    }

    @Test func afterResolveTheWelcomeSaysResolvedAndOffersNoCheckIn() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot { bot in
                _ = try await bot.command("declare SEV1 checkout Card payments failing", user: "U01PAYLEAD")
                #expect(await DeclareFlowTests.waitForDelivery(harness))
                let channel = try #require(await workspace.channel(named: Self.channelName)).id
                let welcome = try #require(await workspace.messages(inChannel: channel).first)
                #expect(welcome.buttons == ["Check in"])

                _ = try await bot.command("resolve Rolled back payments-api", user: "U01PAYLEAD", channel: channel)
                #expect(await harness.eventually { workspace in
                    await workspace.messages(inChannel: channel).first?.visibleText.contains("*Resolved* after") == true
                })
                let edited = try #require(await workspace.messages(inChannel: channel).first)
                #expect(edited.ts == welcome.ts)
                #expect(edited.buttons.isEmpty, "the resolved welcome still offers \(edited.buttons)")
                #expect(edited.visibleText.contains("*Incident #1: Card payments failing*"))
                #expect(!edited.visibleText.contains("press *Check in*"))
                // The retro survey still makes sense after resolving; it stays on the resolve message.
                #expect(await workspace.messages(inChannel: channel).contains { $0.buttons == ["Retro survey"] })
            }
        }
    }

    /// A status as long as may be typed (3,000 characters; longer is refused): with the message's own words it
    /// is more than a section holds, so every ring shows all of it in sections of at most 3,000 characters; the
    /// exec root is edited (an excerpt, not `msg_too_long`), and no delivery fails.
    @Test func aLongStatusReachesEveryRingAndTheExecutiveRootIsEdited() async throws {
        let sentences = (1...60).map { "Card network \($0) reports declines back to normal after the rollback of payments-api." }
        let status = String(sentences.joined(separator: " ").prefix(2976)) + " End of the long update."
        #expect(status.count == 3000)
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot { bot in
                _ = try await bot.command("declare SEV1 checkout Card payments failing", user: "U01PAYLEAD")
                #expect(await DeclareFlowTests.waitForDelivery(harness))
                let channel = try #require(await workspace.channel(named: Self.channelName)).id
                let reply = try await bot.command("status identified \(status)", user: "U01PAYLEAD", channel: channel)
                #expect(reply.text.contains("Status update posted for #1 (identified)"))

                let exec = try #require(await workspace.channel(named: "exec-incidents")).id
                #expect(await harness.eventually { workspace in
                    let messages = await workspace.messages(inChannel: exec)
                    let rootEdited = messages.first { $0.threadTS == nil }.map { $0.edited && $0.visibleText.contains("*Latest:*") } ?? false
                    return rootEdited && messages.count == 2
                })
                for ring in ["payments", "incidents"] {
                    let id = try #require(await workspace.channel(named: ring)).id
                    #expect(await harness.eventually { await $0.messages(inChannel: id).count == 2 }, "#\(ring)")
                }
                #expect(await harness.eventually { await $0.messages(inChannel: channel).count == 2 })
            }

            func shown(_ name: String) async throws -> [SandboxMessage] {
                await workspace.messages(inChannel: try #require(await workspace.channel(named: name)).id)
            }
            let words = Self.words(status)
            for ring in ["payments", "incidents", Self.channelName] {
                let update = try #require(try await shown(ring).last)
                #expect(Self.words(update.visibleText).contains(words), "#\(ring) does not show the whole update")
            }
            let execMessages = try await shown("exec-incidents")
            let root = try #require(execMessages.first { $0.threadTS == nil })
            #expect(root.visibleText.contains("*Latest:* Card network 1 reports declines"))
            #expect(root.visibleText.contains("(cut; the full update is in this thread)"))
            let thread = try #require(execMessages.first { $0.threadTS == root.ts })
            #expect(Self.words(thread.visibleText).contains(words))

            #expect(await workspace.calls().filter { $0.method.hasPrefix("chat.") && !$0.ok }.isEmpty)
            let store = try AppDatabase(path: harness.databasePath)
            let failed = try await store.outboxEntries(incident: 1).filter { $0.status == .failed }
            #expect(failed.isEmpty, "failed deliveries: \(failed.map { "\($0.effect) \($0.lastError ?? "")" })")
        }
    }

    static func words(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
