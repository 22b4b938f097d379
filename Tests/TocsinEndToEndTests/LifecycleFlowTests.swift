import Foundation
import Testing

/// Issue #15: the rest of an incident's life: cancelling one declared by mistake.
@Suite struct LifecycleFlowTests {
    /// Every ring that was told hears of the cancel once (the executive root shows it, the reason goes in its
    /// thread), the incident is no longer active, a second cancel is refused, and the KPIs leave it out.
    @Test func aCancelledIncidentIsToldToEveryRingOnceAndCountsInNoKPI() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot { bot in
                _ = try await bot.command("declare SEV1 checkout Card payments failing", user: "U01PAYLEAD")
                #expect(await DeclareFlowTests.waitForDelivery(harness))
                let channel = try #require(await workspace.channel(named: DeclareFlowTests.channelName))
                let rings = ["payments", "incidents", "exec-incidents"]
                var counted: [String: Int] = [:]
                for ring in rings {
                    counted[ring] = try await workspace.messages(inChannel: #require(await workspace.channel(named: ring)).id).count
                }
                let before = counted

                let cancelled = try await bot.command("cancel The alert was a load test & not an outage", user: "U01PAYLEAD", channel: channel.id)
                #expect(cancelled.text == "#1 is cancelled; every ring that was told hears it once, and it counts in no KPI.")
                #expect(await harness.eventually { workspace in
                    for ring in rings {
                        guard let id = await workspace.channel(named: ring)?.id,
                              await workspace.messages(inChannel: id).count == (before[ring] ?? 0) + 1 else { return false }
                    }
                    return await workspace.messages(inChannel: channel.id).contains { $0.text.contains("cancelled* by") }
                })
                let payments = try #require(await workspace.channel(named: "payments"))
                #expect(await workspace.messages(inChannel: payments.id).last?.text
                    == ":heavy_multiplication_x: *#1 Card payments failing* is cancelled: it was declared by mistake. The alert was a load test &amp; not an outage")
                let exec = try #require(await workspace.channel(named: "exec-incidents"))
                let execMessages = await workspace.messages(inChannel: exec.id)
                #expect(execMessages.last?.threadTS == execMessages.first?.ts)
                #expect(await harness.eventually { await $0.messages(inChannel: exec.id).first?.text.contains("cancelled") == true })
                #expect(await workspace.channel(id: channel.id)?.topic == "SEV1 · cancelled · Card payments failing")

                let again = try await bot.command("cancel again", user: "U01PAYLEAD", channel: channel.id)
                #expect(again.text.hasPrefix("Incident #1 was cancelled as declared by mistake"), "\(again.text)")
                #expect(try await bot.command("list").text.hasPrefix("No active incidents"))

                // Reopened, it is active again and every ring hears it.
                let reopened = try await bot.command("reopen It was real after all", user: "U01PAYLEAD", channel: channel.id)
                #expect(reopened.text == "#1 is active again (investigating); the channel and every ring that was told are being told.")
                #expect(await harness.eventually { await $0.messages(inChannel: payments.id).last?.text
                    == ":rotating_light: *#1 Card payments failing* is active again. It was real after all" })
                #expect(try await bot.command("list").text.contains("#1"))
                let notEnded = try await bot.command("reopen", user: "U01PAYLEAD", channel: channel.id)
                #expect(notEnded.text == "Incident #1 is still active; only a resolved or cancelled incident can be reopened.")
                _ = try await bot.command("cancel Now really a mistake", user: "U01PAYLEAD", channel: channel.id)
            }
            let kpis = try CommandLineTests.run(["kpis", "--database", harness.databasePath])
            #expect(kpis.status == 0)
            #expect(kpis.output.contains("SEV1      0          0"), "\(kpis.output)")
        }
    }
}
