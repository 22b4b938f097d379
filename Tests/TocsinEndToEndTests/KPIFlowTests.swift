import Foundation
import Testing
import TocsinApp
import TocsinTestSupport

/// Issue #15: the KPIs after a scripted set of incidents, exact to the second, from `tocsin kpis --format json`
/// (and csv) and from `/incident kpis`; the drill and the cancelled incident left out and counted apart.
@Suite struct KPIFlowTests {
    @Test func kpisAfterAScriptedSetOfIncidentsGiveExactFigures() async throws {
        // Six hours ago, on a whole second, so every incident is inside the CLI's 30 days on the wall clock.
        let start = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 - 6 * 3600).rounded(.down))
        let clock = ManualClock(start)
        try await Harness.withSandbox { harness in
            try await harness.withBot(now: clock.now) { bot in
                /// Declares and waits for the incident channel; returns its id.
                func declare(_ text: String, _ name: String) async throws -> String {
                    _ = try await bot.command(text, user: "U01PAYLEAD")
                    #expect(await harness.eventually { await $0.channel(named: name) != nil })
                    return try #require(await harness.workspace.channel(named: name)).id
                }
                // #1 SEV1: checked in after 4 minutes, resolved after an hour.
                let first = try await declare("declare SEV1 checkout Card payments failing", "inc-1-checkout-card-payments-failing")
                clock.advance(by: .seconds(240))
                _ = try await bot.command("checkin", user: "U02ONCALL1", channel: first)
                _ = try await bot.command("action <@U02ONCALL1|omar> Add an alert on declines", user: "U01PAYLEAD", channel: first)
                // #2 SEV1: nobody checks in.
                _ = try await declare("declare SEV1 search Search is slow", "inc-2-search-search-is-slow")
                // #3, a drill: checked in at once, left out.
                let drill = try await declare("declare --drill SEV1 checkout Practice", "inc-3-drill-checkout-practice")
                _ = try await bot.command("checkin", user: "U02ONCALL1", channel: drill)
                // #4 SEV2: cancelled, left out.
                let cancelled = try await declare("declare SEV2 reports Reports late", "inc-4-reports-reports-late")
                _ = try await bot.command("checkin", user: "U04SRE", channel: cancelled)
                _ = try await bot.command("cancel Declared by mistake", user: "U01PAYLEAD", channel: cancelled)
                // #5 SEV2: checked in after 30 minutes (target 1 hour), resolved after 90.
                let fifth = try await declare("declare SEV2 reports Nightly export failed", "inc-5-reports-nightly-export-failed")
                clock.advance(by: .seconds(1800))
                _ = try await bot.command("checkin", user: "U04SRE", channel: fifth)
                clock.advance(by: .seconds(3600))
                _ = try await bot.command("resolve Export rerun", user: "U04SRE", channel: fifth)
                // #1 resolves an hour after it was declared (240 + 1800 + 3600 s have passed: resolve at once).
                _ = try await bot.command("resolve Rolled back", user: "U01PAYLEAD", channel: first)

                let chat = try await bot.command("kpis", user: "U05EXEC")
                #expect(chat.text.hasPrefix("*KPIs over the last 30 days*"), "\(chat.text)")
                #expect(chat.text.contains("• *SEV1*: 2 incidents (1 without check-in, so without a time to action) · time to action median 4 minutes, p90 4 minutes · within the 30 minutes target: 100 % (1/1)"), "\(chat.text)")
                #expect(chat.text.contains("Left out: 1 drill and 1 cancelled incident."))
                let refused = try await bot.command("kpis lately", user: "U05EXEC")
                #expect(refused.text == "`lately` is not a period; give one like 30d, 7d or 12h (at most 365d), e.g. `/incident kpis 7d`.")
            }
            let run = try CommandLineTests.run(["kpis", "--since", "30d", "--format", "json", "--database", harness.databasePath])
            #expect(run.status == 0, "\(run.errors)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
            #expect(json["excluded"] as? [String: Int] == ["drills": 1, "cancelled": 1])
            let rows = try #require(json["severities"] as? [[String: Any]])
            let sev1 = try #require(rows.first { $0["severity"] as? String == "SEV1" })
            #expect(sev1["incidents"] as? Int == 2)
            #expect(sev1["with_check_in"] as? Int == 1 && sev1["without_check_in"] as? Int == 1)
            #expect(sev1["time_to_action_median_seconds"] as? Int == 240 && sev1["time_to_action_p90_seconds"] as? Int == 240)
            #expect(sev1["within_target"] as? Int == 1 && sev1["within_target_share"] as? Double == 1)
            #expect(sev1["resolved"] as? Int == 1 && sev1["time_to_resolve_median_seconds"] as? Int == 5640)
            #expect(sev1["action_items"] as? Int == 1 && sev1["action_items_done"] as? Int == 0 && sev1["action_item_completion"] as? Double == 0)
            // Asked: the commander and the one who checked in; nobody answered.
            #expect(sev1["surveys_asked"] as? Int == 2 && sev1["survey_completion"] as? Double == 0)
            let sev2 = try #require(rows.first { $0["severity"] as? String == "SEV2" })
            #expect(sev2["incidents"] as? Int == 1 && sev2["time_to_action_median_seconds"] as? Int == 1800 && sev2["within_target_share"] as? Double == 1)
            #expect(sev2["time_to_resolve_median_seconds"] as? Int == 5400)
            let sev0 = try #require(rows.first { $0["severity"] as? String == "SEV0" })
            #expect(sev0["incidents"] as? Int == 0 && sev0["time_to_action_median_seconds"] is NSNull)

            let csv = try CommandLineTests.run(["kpis", "--since", "30d", "--format", "csv", "--database", harness.databasePath])
            let lines = csv.output.split(separator: "\n").map(String.init)
            #expect(lines.first == KPIFormats.columns.joined(separator: ","))
            #expect(lines.dropFirst(2).first == "SEV1,2,1,1,1,240,240,1800,1,1.0,5640,0,2,0.0,1,0,0.0,1,1")
            let recent = try CommandLineTests.run(["kpis", "--since", "1h", "--format", "json", "--database", harness.databasePath])
            #expect(recent.output.contains("\"drills\" : 0"), "\(recent.output)")
            let bad = try CommandLineTests.run(["kpis", "--format", "xml", "--database", harness.databasePath])
            #expect(bad.status != 0 && bad.errors.contains("--format is text, json or csv, not xml."))
        }
    }
}
