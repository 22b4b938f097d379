import Foundation
import Testing
import TocsinSandbox

/// Issue #15: the on-call handoff and the direct messages that brief a new role holder, against the sandbox.
@Suite struct OncallFlowTests {
    static let owner = "U04SRE"
    static let next = "U03ONCALL2"

    /// A shift with a note, an action item and an incident declared during it, handed over with Slack's escaped
    /// mention: the next person's direct message and the shift channel get the summary with those items; the
    /// shift's postmortem keeps it; bad handoffs get clear errors.
    @Test func aShiftIsHandedOverWithItsSummary() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot { bot in
                #expect(try await bot.command("oncall handoff <@\(Self.next)|olga>", user: Self.owner).text
                    == "You have no open on-call shift to hand over; start one with `/incident oncall start`, or run the handoff in the shift's channel.")

                let started = try await bot.command("oncall start", user: Self.owner)
                #expect(started.text.hasPrefix("Your on-call shift #1 is open"), "\(started.text)")
                #expect(await harness.eventually { await $0.channels().contains { $0.name.hasPrefix("oncall-1-") } })
                let shiftChannel = try #require(await workspace.channels().first { $0.name.hasPrefix("oncall-1-") })
                #expect(await harness.eventually { await $0.messages(inChannel: shiftChannel.id).first?.text.contains("On-call shift #1") == true })
                #expect(await workspace.channel(id: shiftChannel.id)?.members.contains(Self.owner) == true)

                let again = try await bot.command("oncall start", user: Self.owner)
                #expect(again.text.hasPrefix("Your on-call shift #1 is already open in <#\(shiftChannel.id)>"), "\(again.text)")

                #expect(try await bot.command("note Disk alarms on db-3 & db-4, silenced until 14:00", user: Self.owner, channel: shiftChannel.id).text
                    == "Noted in the timeline of #1.")
                _ = try await bot.command("action <@\(Self.owner)|sam> Replace the disks on db-3", user: Self.owner, channel: shiftChannel.id)
                let refused = try await bot.command("severity SEV0", user: Self.owner, channel: shiftChannel.id)
                #expect(refused.text.hasPrefix("`/incident severity` is for incidents; this is an on-call shift channel."), "\(refused.text)")

                _ = try await bot.command("declare SEV1 checkout Card payments failing", user: "U01PAYLEAD")
                #expect(await DeclareFlowTests.waitForDelivery(harness, channel: "inc-2-checkout-card-payments-failing"))
                #expect(try await bot.command("list").text.contains("#1") == false, "a shift is not listed as an incident")

                let toSelf = try await bot.command("oncall handoff <@\(Self.owner)|sam>", user: Self.owner)
                #expect(toSelf.text == "You cannot hand the shift over to yourself; mention the next person: `/incident oncall handoff @next`.")
                let notAUser = try await bot.command("oncall handoff olga", user: Self.owner)
                #expect(notAUser.text.hasPrefix("`olga` is not a person; mention who takes over"), "\(notAUser.text)")

                let handed = try await bot.command("oncall handoff <@\(Self.next)|olga>", user: Self.owner)
                #expect(handed.text.hasPrefix("Shift #1 is handed over to <@\(Self.next)>"), "\(handed.text)")
                #expect(await harness.eventually { await !$0.directMessages(with: Self.next).isEmpty })
                let summary = try #require(await workspace.directMessages(with: Self.next).last)
                let text = summary.visibleText
                #expect(text.contains("*On-call handoff* of shift #1: <@\(Self.owner)> to <@\(Self.next)>"), "\(text)")
                #expect(text.contains("#2 *SEV1* declared: Card payments failing"), "the incident declared during the shift: \(text)")
                #expect(text.contains("Disk alarms on db-3 &amp; db-4, silenced until 14:00"), "the shift's note, escaped once: \(text)")
                #expect(text.contains("(this shift) <@\(Self.owner)>: Replace the disks on db-3"), "the open action item: \(text)")
                #expect(await harness.eventually { await $0.messages(inChannel: shiftChannel.id).contains { $0.visibleText.contains("*On-call handoff* of shift #1") } })
                #expect(await workspace.channel(id: shiftChannel.id)?.topic.contains("handed over") == true)
                #expect(await workspace.calls().contains { $0.method == "conversations.open" && $0.params["users"] == Self.next && $0.ok })

                let twice = try await bot.command("oncall handoff <@\(Self.next)|olga>", user: "U01PAYLEAD", channel: shiftChannel.id)
                #expect(twice.text == "Shift #1 was already handed over; start a new one with `/incident oncall start`.")
            }
            let kept = try CommandLineTests.run(["postmortem", "1", "--database", harness.databasePath])
            #expect(kept.status == 0)
            #expect(kept.output.contains("## On-call handoff"), "\(kept.output)")
            #expect(kept.output.contains("- #2 SEV1 declared: Card payments failing"), "\(kept.output)")
        }
    }

    /// A new commander, comms lead or scribe gets a direct message with the role and the incident's state; the
    /// executive thread hears of the change. Whoever declares is briefed as commander.
    @Test func aNewRoleHolderIsBriefedAndTheExecutivesHearOfIt() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot { bot in
                _ = try await bot.command("declare SEV1 checkout Card payments failing", user: "U01PAYLEAD")
                #expect(await DeclareFlowTests.waitForDelivery(harness))
                let channel = try #require(await workspace.channel(named: DeclareFlowTests.channelName))
                #expect(await harness.eventually { await $0.directMessages(with: "U01PAYLEAD").count == 1 })
                let declarerBriefing = try #require(await workspace.directMessages(with: "U01PAYLEAD").first).visibleText
                #expect(declarerBriefing.hasPrefix(":bust_in_silhouette: You are the *commander* of incident #1: Card payments failing"), "\(declarerBriefing)")

                let given = try await bot.command("role comms <@U04SRE|sam>", user: "U01PAYLEAD", channel: channel.id)
                #expect(given.text == "<@U04SRE> is now the comms lead for #1.")
                #expect(await harness.eventually { await $0.directMessages(with: "U04SRE").count == 1 })
                let briefing = try #require(await workspace.directMessages(with: "U04SRE").first).visibleText
                #expect(briefing.contains("<@U01PAYLEAD> made you the *comms lead* of incident #1: Card payments failing"), "\(briefing)")
                #expect(briefing.contains("*As comms lead* you speak for the incident"), "\(briefing)")
                #expect(briefing.contains("SEV1 (Major degradation) · declared"), "\(briefing)")
                #expect(briefing.contains("<#\(channel.id)>"), "a link to the incident channel: \(briefing)")

                let exec = try #require(await workspace.channel(named: "exec-incidents"))
                #expect(await harness.eventually { workspace in
                    let messages = await workspace.messages(inChannel: exec.id)
                    return messages.contains { $0.threadTS == messages.first?.ts && $0.text.contains("<@U04SRE> is now the comms lead of #1") }
                })
                #expect(await harness.eventually { await $0.messages(inChannel: channel.id).contains { $0.text.contains("<@U04SRE> is now the comms lead") } })

                // The same role to the same person again briefs nobody twice.
                _ = try await bot.command("role comms <@U04SRE>", user: "U01PAYLEAD", channel: channel.id)
                _ = try await bot.command("role scribe <@U02ONCALL1>", user: "U01PAYLEAD", channel: channel.id)
                #expect(await harness.eventually { await $0.directMessages(with: "U02ONCALL1").count == 1 })
                #expect(await workspace.directMessages(with: "U04SRE").count == 1)
            }
        }
    }
}
