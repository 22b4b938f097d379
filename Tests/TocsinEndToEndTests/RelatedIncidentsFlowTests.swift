import Foundation
import Testing
import TocsinCore
import TocsinSandbox

/// Related incidents end to end: two teams declaring on services that depend on each other hear of each other
/// in both channels; links made and removed by hand are told in both channels and kept in both timelines; the
/// postmortem lists them.
@Suite struct RelatedIncidentsFlowTests {
    static func channelName(_ number: Int, _ service: String?, _ title: String) -> String {
        ChannelName.forIncident(prefix: "inc", number: number, service: service, title: title)
    }

    /// The channel of an incident once its welcome is posted.
    static func channel(_ harness: Harness, _ name: String) async throws -> String {
        #expect(await harness.eventually { workspace in
            guard let channel = await workspace.channel(named: name) else { return false }
            return await !workspace.messages(inChannel: channel.id).isEmpty
        }, "no welcome in #\(name)")
        return try #require(await harness.workspace.channel(named: name)).id
    }

    static func messages(_ harness: Harness, in channel: String, containing text: String) async -> [SandboxMessage] {
        await harness.workspace.messages(inChannel: channel).filter { $0.visibleText.contains(text) }
    }

    @Test func incidentsOnDependentServicesAreCrossLinkedInBothChannelsAndLinksByHandAreToldInBoth() async throws {
        try await Harness.withSandbox { harness in
            try await harness.withBot { bot in
                let gatewayName = Self.channelName(1, "payments-api", "Gateway timeouts")
                let checkoutName = Self.channelName(2, "checkout", "Card payments failing")
                let reportsName = Self.channelName(3, "reports", "Dashboards blank")
                _ = try await bot.command("declare SEV2 payments-api Gateway timeouts", user: "U04SRE")
                let gateway = try await Self.channel(harness, gatewayName)
                _ = try await bot.command("declare SEV2 checkout Card payments failing", user: "U01PAYLEAD")
                let checkout = try await Self.channel(harness, checkoutName)
                _ = try await bot.command("declare SEV2 reports Dashboards blank", user: "U04SRE")
                let reports = try await Self.channel(harness, reportsName)

                // Both channels hear of the other incident once, with its number, title, channel and the dependency path.
                #expect(await harness.eventually { _ in
                    let first = await Self.messages(harness, in: gateway, containing: "Possibly related").count
                    let second = await Self.messages(harness, in: checkout, containing: "Possibly related").count
                    return first == 1 && second == 1
                })
                let inCheckout = try #require(await Self.messages(harness, in: checkout, containing: "Possibly related").first)
                #expect(inCheckout.visibleText.contains("incident #1 Gateway timeouts (SEV2), in <#\(gateway)|\(gatewayName)>, is active on a related service: checkout → payments-api."), "\(inCheckout.visibleText)")
                let inGateway = try #require(await Self.messages(harness, in: gateway, containing: "Possibly related").first)
                #expect(inGateway.visibleText.contains("incident #2 Card payments failing (SEV2), in <#\(checkout)|\(checkoutName)>, is active on a related service: checkout → payments-api."), "\(inGateway.visibleText)")

                // By hand, from the unrelated incident: clear refusals first.
                #expect(try await bot.command("link 3", user: "U04SRE", channel: reports).text.hasPrefix("This is incident #3 itself"))
                #expect(try await bot.command("link 99", user: "U04SRE", channel: reports).text == "There is no incident #99; `/incident list` shows the active ones.")
                #expect(try await bot.command("link", user: "U04SRE", channel: reports).text.hasPrefix("Name the other incident by its number"))
                #expect(try await bot.command("unlink 1", user: "U04SRE", channel: reports).text.hasPrefix("This incident is not linked to #1"))
                #expect(try await bot.command("link #1", user: "U04SRE", channel: reports).text.hasPrefix("#3 is linked to #1"))
                #expect(try await bot.command("link 1", user: "U04SRE", channel: reports).text.hasPrefix("This incident is already linked to #1"))
                #expect(await harness.eventually { _ in
                    let first = await Self.messages(harness, in: reports, containing: "<@U04SRE> linked this incident to #1 Gateway timeouts").count
                    let second = await Self.messages(harness, in: gateway, containing: "<@U04SRE> linked this incident to #3 Dashboards blank").count
                    return first == 1 && second == 1
                })
                #expect(try await bot.command("unlink 1", user: "U04SRE", channel: reports).text.hasPrefix("#3 is no longer linked to #1"))
                #expect(await harness.eventually { _ in
                    let first = await Self.messages(harness, in: reports, containing: "removed the link between this incident and #1").count
                    let second = await Self.messages(harness, in: gateway, containing: "removed the link between this incident and #3").count
                    return first == 1 && second == 1
                })

                // Each link and unlink is in both timelines.
                let timeline = try await bot.command("timeline", user: "U04SRE", channel: gateway).text
                #expect(timeline.contains("*link* Possibly related to #2 Card payments failing (dependency: checkout → payments-api)"), "\(timeline)")
                #expect(timeline.contains("*link* Linked to #3 Dashboards blank"))
                #expect(timeline.contains("*unlink* Unlinked from #3 Dashboards blank"))

                // The postmortem lists the incidents linked now, and how.
                let postmortem = try await bot.command("postmortem", user: "U01PAYLEAD", channel: checkout).text
                #expect(postmortem.contains("## Related incidents"))
                #expect(postmortem.contains("- #1 Gateway timeouts (SEV2, declared): checkout → payments-api — found related when declared"), "\(postmortem)")
                let unrelated = try await bot.command("postmortem", user: "U04SRE", channel: reports).text
                #expect(!unrelated.contains("## Related incidents"))
            }
        }
    }

    @Test func aCancelledIncidentIsNeverFoundRelated() async throws {
        try await Harness.withSandbox { harness in
            try await harness.withBot { bot in
                _ = try await bot.command("declare SEV2 checkout Declared by mistake", user: "U01PAYLEAD")
                let mistaken = try await Self.channel(harness, Self.channelName(1, "checkout", "Declared by mistake"))
                #expect(try await bot.command("cancel The alert was a test", user: "U01PAYLEAD", channel: mistaken).text.hasPrefix("#1 is cancelled"))
                _ = try await bot.command("declare SEV2 checkout Card payments failing", user: "U01PAYLEAD")
                let real = try await Self.channel(harness, Self.channelName(2, "checkout", "Card payments failing"))
                _ = try await bot.command("declare SEV2 payments-api Gateway timeouts", user: "U04SRE")
                let gateway = try await Self.channel(harness, Self.channelName(3, "payments-api", "Gateway timeouts"))
                #expect(await harness.eventually { _ in await Self.messages(harness, in: gateway, containing: "Possibly related").count == 1 })
                #expect(await Self.messages(harness, in: gateway, containing: "Possibly related").first?.visibleText.contains("incident #2 ") == true)
                // The other end's message is posted in its own channel's lane: it may land a moment later.
                #expect(await harness.eventually { _ in await Self.messages(harness, in: real, containing: "Possibly related").count == 1 })
                #expect(await Self.messages(harness, in: mistaken, containing: "Possibly related").isEmpty)
            }
        }
    }

    @Test func aChecklistClickTicksTheItemOffIntoTheTimelineAndTheWelcomeShowsItDone() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot { bot in
                _ = try await bot.command("declare SEV0 reports Dashboards blank", user: "U04SRE")
                let channel = try await Self.channel(harness, Self.channelName(1, "reports", "Dashboards blank"))
                let welcome = try #require(await workspace.messages(inChannel: channel).first)
                #expect(welcome.buttons == [
                    "Check in", "Open a bridge call and post its link here", "Page the owning team's engineering manager",
                    "Post the first customer-facing status", "Freeze deploys to the affected services",
                ])
                #expect(welcome.visibleText.contains("*SEV0 checklist* (0 of 4 done)"))
                let index = try InteractionFlowTests.blockIndex(of: "checklist_item_2", in: welcome)
                try await harness.withConsole(to: bot) { console in
                    let click: [String: Any] = ["user": "U04SRE", "channel": channel, "message_ts": welcome.ts, "block_index": index, "action_id": "checklist_item_2"]
                    let sent = try await console.send("action", click)
                    #expect(sent["ok"] as? Bool == true, "\(sent)")
                    // The answer goes to the click's response_url, served by the console: wait for it while it runs.
                    let told = await harness.eventually { await $0.ephemerals().contains { $0.text == "Ticked off “Post the first customer-facing status” on #1's checklist; it is in the timeline." } }
                    let ephemerals = await workspace.ephemerals().map(\.text)
                    #expect(told, "the clicker was told: \(ephemerals)")
                }
                #expect(await harness.eventually { workspace in
                    await workspace.messages(inChannel: channel).first?.visibleText.contains("(1 of 4 done)") == true
                })
                let edited = try #require(await workspace.messages(inChannel: channel).first)
                #expect(edited.ts == welcome.ts)
                #expect(edited.visibleText.contains(":white_check_mark: ~Post the first customer-facing status~ (<@U04SRE>, "), "\(edited.visibleText)")
                #expect(edited.buttons == [
                    "Check in", "Open a bridge call and post its link here", "Page the owning team's engineering manager",
                    "Freeze deploys to the affected services",
                ])
                let timeline = try await bot.command("timeline", user: "U04SRE", channel: channel).text
                #expect(timeline.contains("*checklist* Checklist: Post the first customer-facing status (<@U04SRE>)"), "\(timeline)")
            }
        }
    }
}
