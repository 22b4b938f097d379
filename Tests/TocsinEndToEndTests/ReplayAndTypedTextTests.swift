import Foundation
import Testing
import TocsinSandbox

/// Issue #10: a replayed command is carried out once; what people type is capped and has no control characters.
@Suite struct ReplayAndTypedTextTests {
    /// Replaying a signed note or status within the 5-minute window recorded and posted it twice.
    @Test func aReplayedCommandIsCarriedOutOnceWithOrWithoutATriggerID() async throws {
        try await Harness.withSandbox { harness in
            try await harness.withBot { bot in
                _ = try await bot.command("declare SEV1 checkout Card payments failing")
                #expect(await DeclareFlowTests.waitForDelivery(harness))
                let channel = try #require(await harness.workspace.channel(named: DeclareFlowTests.channelName)).id
                let timestamp = Int(Date().timeIntervalSince1970)
                let form = "application/x-www-form-urlencoded"

                let note = BotClient.commandForm("note Failover to eu-west started", user: "U01PAYLEAD", channel: channel, triggerID: "1111.2222.replay")
                let first = try await bot.post("/slack/commands", body: note, contentType: form, timestamp: timestamp)
                let replay = try await bot.post("/slack/commands", body: note, contentType: form, timestamp: timestamp)
                #expect(first.text == "Noted in the timeline of #1.")
                #expect(replay.text == "I already did that for this request on incident #1 (Slack sent it twice); nothing was done again.")

                // Without a trigger_id, the signed body and its timestamp name the request.
                let status = BotClient.commandForm("status identified Bad deploy, rolling back", user: "U01PAYLEAD", channel: channel, triggerID: "")
                    .replacingOccurrences(of: "&trigger_id=", with: "")
                let posted = try await bot.post("/slack/commands", body: status, contentType: form, timestamp: timestamp)
                let replayed = try await bot.post("/slack/commands", body: status, contentType: form, timestamp: timestamp)
                #expect(posted.text.hasPrefix("Status update posted for #1"), "\(posted.text)")
                #expect(replayed.text.hasPrefix("I already did that for this request"), "\(replayed.text)")
                // The same words sent again later are a new request.
                let later = try await bot.post("/slack/commands", body: status, contentType: form, timestamp: timestamp + 1)
                #expect(later.text.hasPrefix("Status update posted for #1"), "\(later.text)")

                let timeline = try await bot.command("timeline", user: "U01PAYLEAD", channel: channel).text
                #expect(timeline.components(separatedBy: "Failover to eu-west started").count == 2, "\(timeline)")
                #expect(timeline.components(separatedBy: "Bad deploy, rolling back").count == 3, "\(timeline)")
                #expect(await harness.eventually { workspace in
                    await workspace.messages(inChannel: channel).filter { $0.text.contains("Bad deploy, rolling back") }.count == 2
                })
            }
        }
    }

    /// 100,000-character notes were accepted, and titles carried NUL bytes into every message and topic.
    @Test func typedTextIsCappedAndControlCharactersAreDropped() async throws {
        try await Harness.withSandbox { harness in
            try await harness.withBot { bot in
                let declared = try await bot.command("declare SEV1 checkout Card\u{0}payments\u{7}\u{1b} failing")
                #expect(declared.text.contains("Card payments failing") || declared.text.contains("Cardpayments failing"), "\(declared.text)")
                #expect(!declared.text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
                #expect(await harness.eventually { workspace in await workspace.channels().contains { $0.name.hasPrefix("inc-1-") } })
                let channel = try #require(await harness.workspace.channels().first { $0.name.hasPrefix("inc-1-") })
                #expect(!channel.name.unicodeScalars.contains { $0.value < 0x20 })

                let long = String(repeating: "x", count: 100_000)
                for command in ["note \(long)", "status identified \(long)", "resolve \(long)"] {
                    let reply = try await bot.command(command, user: "U05EXEC", channel: channel.id)
                    #expect(reply.text.contains("is 100000 characters; the limit is 3000"), "\(reply.text.prefix(200))")
                }
                let timeline = try await bot.command("timeline", user: "U05EXEC", channel: channel.id).text
                #expect(!timeline.contains("xxxx"))
                let fits = try await bot.command("note " + String(repeating: "y", count: 3_000), user: "U05EXEC", channel: channel.id)
                #expect(fits.text == "Noted in the timeline of #1.")
            }
        }
    }
}
