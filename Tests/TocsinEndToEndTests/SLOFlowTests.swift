import Foundation
import Testing
import TocsinApp
import TocsinCore
import TocsinSandbox
import TocsinTestSupport

/// Error budgets end to end: explicit impact windows, the live per-incident lines at their thresholds, the
/// budget policy told once in the stakeholders channel and at 100 % in the executive ring, the reports in
/// the chat and from `tocsin slo --format json`, exact to the minute, and the postmortem's section.
@Suite struct SLOFlowTests {
    static let slos = """
    slos:
      - name: checkout-availability
        service: checkout
        timeWindow: { duration: 30d, isRolling: true }
        objectives: [{ target: 0.999 }]
        indicator:
          incidents:
            severities: [SEV0, SEV1, SEV2]
            impactWeights: { full: 1.0, partial: 0.3, degraded: 0.0 }
        alertPolicies:
          budgetConsumed: [50, 100]

    """

    /// `HH:MM` of `date`, in UTC.
    static func clock(_ date: Date) -> String { String(UTCTime.minutes(date).suffix(5)) }

    /// The texts of the messages in the channel named `name` (top level and threads alike).
    static func texts(_ workspace: SandboxWorkspace, _ name: String) async -> [String] {
        guard let channel = await workspace.channel(named: name) else { return [] }
        return await workspace.messages(inChannel: channel.id).map(\.text)
    }

    @Test func impactWindowsBurnTheBudgetLiveInThePolicyAndInTheReports() async throws {
        // Six hours ago, on a whole minute, so the CLI (on the wall clock) sees every window inside its 30 days.
        let start = Date(timeIntervalSince1970: ((Date().timeIntervalSince1970 - 6 * 3600) / 60).rounded(.down) * 60)
        let clock = ManualClock(start)
        let at: @Sendable (Double) -> Date = { minutes in start.addingTimeInterval(minutes * 60) }
        let configuration = DefaultConfiguration.yaml + Self.slos
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot(now: clock.now, configuration: configuration) { bot in
                // #1 (SEV2): impact started ten minutes before it was declared.
                _ = try await bot.command("declare SEV2 checkout Card payments failing", user: "U01PAYLEAD")
                #expect(await harness.eventually { await $0.channel(named: "inc-1-checkout-card-payments-failing") != nil })
                let first = try #require(await workspace.channel(named: "inc-1-checkout-card-payments-failing")).id
                let odd = try await bot.command("impact start 25:99", user: "U01PAYLEAD", channel: first)
                #expect(odd.text == "`25:99` is not a time of day; write it as HH:MM in UTC, from 00:00 to 23:59, e.g. `/incident impact start 09:40`.")
                let started = try await bot.command("impact start \(Self.clock(at(-10)))", user: "U01PAYLEAD", channel: first)
                #expect(started.text == "Impact of #1 now starts at \(UTCTime.minutes(at(-10))) UTC; it burns the service's error budget from then.")
                let tenPercent = "This incident has burned 23 % of checkout-availability's 30-day budget (10.0 of 43.2 min); at full impact the rest lasts 33 min."
                #expect(await harness.eventually { _ in await Self.texts(workspace, "inc-1-checkout-card-payments-failing").contains(tenPercent) })

                // Ten minutes later impact ends: 20 minutes, past 25 %; still under the policy's 50 %.
                clock.advance(by: .seconds(600))
                _ = try await bot.command("impact end \(Self.clock(at(10)))", user: "U01PAYLEAD", channel: first)
                let twentyFive = "This incident has burned 46 % of checkout-availability's 30-day budget (20.0 of 43.2 min); at full impact the rest lasts 23 min."
                #expect(await harness.eventually { _ in await Self.texts(workspace, "inc-1-checkout-card-payments-failing").contains(twentyFive) })

                // #2 (SEV1, so the executives are informed): its impact overlaps #1's last five minutes, which
                // count once, then lasts five more: 25 of 43.2 minutes in all, past 50 %.
                _ = try await bot.command("declare SEV1 checkout Checkout slow in EU", user: "U01PAYLEAD")
                #expect(await harness.eventually { await $0.channel(named: "inc-2-checkout-checkout-slow-in-eu") != nil })
                let second = try #require(await workspace.channel(named: "inc-2-checkout-checkout-slow-in-eu")).id
                _ = try await bot.command("impact start \(Self.clock(at(5)))", user: "U01PAYLEAD", channel: second)
                clock.advance(by: .seconds(300))
                _ = try await bot.command("impact end \(Self.clock(at(15)))", user: "U01PAYLEAD", channel: second)
                let policy = ":warning: *checkout* has used 57 % of checkout-availability's error budget (25.0 of 43.2 min, rolling 30d), past the 50 % line of its budget policy.\n"
                    + "Incidents responsible: #1 Card payments failing (20.0 min); #2 Checkout slow in EU (5.0 min)"
                // The stakeholders channel is paced at Slack's one message a second, behind the declarations.
                #expect(await harness.eventually(timeout: .seconds(30)) { _ in await Self.texts(workspace, "payments").contains(policy) })
                let secondLine = "This incident has burned 11 % of checkout-availability's 30-day budget (5.0 of 43.2 min); at full impact the rest lasts 18 min."
                #expect(await harness.eventually { _ in await Self.texts(workspace, "inc-2-checkout-checkout-slow-in-eu").contains(secondLine) })
                #expect(await harness.eventually { _ in await Self.texts(workspace, "exec-incidents").contains(secondLine) }, "the executive thread hears it too")

                // The reports, in the chat and from the database, exact to the minute.
                let report = try await bot.command("slo checkout", user: "U05EXEC").text
                #expect(report.contains("budget 43.2 min · consumed 25.0 min (57 %) · remaining 18.2 min"))
                #expect(report.contains("#1 Card payments failing (20.0 min)\n  #2 Checkout slow in EU (5.0 min)"))
            }

            // From the database, with the bot stopped, exact to the minute.
            let config = harness.databasePath + ".yml"
            try configuration.write(toFile: config, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: config) }
            let run = try await CommandLineTests.runOffThePool(["slo", "--format", "json", "--config", config, "--database", harness.databasePath])
            #expect(run.status == 0, "\(run.errors)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
            let slo = try #require((json["slos"] as? [[String: Any]])?.first)
            #expect(slo["name"] as? String == "checkout-availability")
            #expect(slo["service"] as? String == "checkout")
            #expect(slo["target"] as? Double == 0.999)
            #expect(slo["budget_minutes"] as? Double == 43.2)
            #expect(slo["consumed_minutes"] as? Double == 25)
            #expect(slo["consumed_percent"] as? Double == 57.87)
            #expect(slo["remaining_minutes"] as? Double == 18.2)
            #expect((slo["window"] as? [String: Any])?["kind"] as? String == "rolling")
            let incidents = try #require(slo["incidents"] as? [[String: Any]])
            #expect(incidents.map { $0["number"] as? Int } == [1, 2])
            #expect(incidents.map { $0["minutes"] as? Double } == [20, 5])

            // After a restart, #3 spends the rest and more: the policy's 100 % line goes to the stakeholders
            // and the executives, and the 50 % line is not told again.
            try await harness.withBot(now: clock.now, configuration: configuration) { bot in
                _ = try await bot.command("declare SEV2 checkout Payments timing out", user: "U01PAYLEAD")
                #expect(await harness.eventually { await $0.channel(named: "inc-3-checkout-payments-timing-out") != nil })
                let third = try #require(await workspace.channel(named: "inc-3-checkout-payments-timing-out")).id
                clock.advance(by: .seconds(1200))
                _ = try await bot.command("impact end \(Self.clock(at(35)))", user: "U01PAYLEAD", channel: third)
                let spent = ":rotating_light: *checkout* has used 104 % of checkout-availability's error budget (45.0 of 43.2 min, rolling 30d), past the 100 % line of its budget policy. The budget is spent: the budget policy applies.\n"
                    + "Incidents responsible: #1 Card payments failing (20.0 min); #3 Payments timing out (20.0 min); #2 Checkout slow in EU (5.0 min)"
                #expect(await harness.eventually { _ in await Self.texts(workspace, "exec-incidents").contains(spent) })
                let toldStakeholders = await harness.eventually(timeout: .seconds(30)) { _ in await Self.texts(workspace, "payments").contains(spent) }
                let stakeholders = await Self.texts(workspace, "payments")
                #expect(toldStakeholders, "\(stakeholders)")
                let thirdLine = "This incident has burned 46 % of checkout-availability's 30-day budget (20.0 of 43.2 min); the budget is spent, 1.8 min over."
                #expect(await harness.eventually { _ in await Self.texts(workspace, "inc-3-checkout-payments-timing-out").contains(thirdLine) })

                let payments = await Self.texts(workspace, "payments")
                #expect(payments.filter { $0.contains("past the 50 % line") }.count == 1)
                #expect(payments.filter { $0.contains("past the 100 % line") }.count == 1)
                #expect(await Self.texts(workspace, "inc-1-checkout-card-payments-failing").filter { $0.hasPrefix("This incident has burned") }.count == 2)

                // The postmortem's section.
                let first = try #require(await workspace.channel(named: "inc-1-checkout-card-payments-failing")).id
                let draft = try await bot.command("postmortem", user: "U01PAYLEAD", channel: first).text
                #expect(draft.contains("## Error budget impact"))
                #expect(draft.contains("- checkout-availability (rolling 30d, target 99.9 %): this incident burned 20.0 of 43.2 min (46 %)"))
            }
        }
    }
}
