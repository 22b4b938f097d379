import Foundation
import Testing

/// A scripted incident from declaration to postmortem: everything captured along the way appears, in order.
@Suite struct RetrospectiveFlowTests {
    @Test func aScriptedIncidentBecomesAPostmortemDraft() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot { bot in
                _ = try await bot.command("declare SEV1 checkout Card payments failing", user: "U01PAYLEAD")
                #expect(await DeclareFlowTests.waitForDelivery(harness))
                let channel = try #require(await workspace.channel(named: DeclareFlowTests.channelName)).id

                let graph = try #require(await workspace.postAsUser("U02ONCALL1", channelID: channel, text: "Declines spiking <https://grafana.example.com/d/payments|graph>", threadTS: nil))
                _ = try await bot.post("/slack/events", body: CaptureFlowTests.event("EvR1", [
                    "type": "message", "channel": channel, "user": "U02ONCALL1", "ts": graph.ts, "text": graph.text, "channel_type": "channel",
                ]), contentType: "application/json")
                let finding = try #require(await workspace.postAsUser("U04SRE", channelID: channel, text: "payments-api 5.2 went out at 07:58", threadTS: nil))
                _ = try await bot.post("/slack/events", body: CaptureFlowTests.event("EvR2", [
                    "type": "message", "channel": channel, "user": "U04SRE", "ts": finding.ts, "text": finding.text, "channel_type": "channel",
                ]), contentType: "application/json")
                _ = try await bot.post("/slack/events", body: CaptureFlowTests.event("EvR3", [
                    "type": "reaction_added", "user": "U01PAYLEAD", "reaction": "pushpin", "item": ["type": "message", "channel": channel, "ts": finding.ts],
                ]), contentType: "application/json")
                _ = try await bot.command("checkin", user: "U02ONCALL1", channel: channel)
                _ = try await bot.command("note Rolling back payments-api to 5.1", user: "U04SRE", channel: channel)
                _ = try await bot.command("status identified Bad deploy of payments-api 5.2", user: "U01PAYLEAD", channel: channel)
                _ = try await bot.command("status monitoring Rolled back; declines back to normal", user: "U01PAYLEAD", channel: channel)
                _ = try await bot.command("resolve Rolled back payments-api", user: "U01PAYLEAD", channel: channel)
                let first = try await bot.command("action <@U04SRE|sam> Alert on card decline rate due:2027-02-01", user: "U01PAYLEAD", channel: channel)
                #expect(first.text == "Recorded action item #1 for <@U04SRE>, due 2027-02-01.")
                _ = try await bot.command("action <@U02ONCALL1|omar> Canary payments-api deploys", user: "U01PAYLEAD", channel: channel)

                // The owner marks the second one done with its button.
                #expect(await harness.eventually { workspace in await workspace.messages(inChannel: channel).contains { $0.text.contains("Action item #2") } })
                let itemMessage = try #require(await workspace.messages(inChannel: channel).first { $0.text.contains("Action item #2") })
                #expect(itemMessage.blocksJSON?.contains("action_item_done") == true)
                let click = try CheckInFlowTests.clickBody(user: "U02ONCALL1", channelID: channel, messageTS: itemMessage.ts, value: "2")
                    .replacingOccurrences(of: "incident_check_in", with: "action_item_done")
                _ = try await bot.post("/slack/interactions", body: click, contentType: "application/x-www-form-urlencoded")

                let actions = try await bot.command("actions", user: "U01PAYLEAD", channel: channel).text
                #expect(actions.contains("#1 [open] <@U04SRE>: Alert on card decline rate — due 2027-02-01"))
                #expect(actions.contains("#2 [done] <@U02ONCALL1>: Canary payments-api deploys"))
                let followups = try await bot.command("followups", user: "U01PAYLEAD").text
                #expect(followups.contains("#1 (incident #1) <@U04SRE>: Alert on card decline rate"))
                #expect(!followups.contains("Canary"))

                // The resolve message's button opens the survey; one of the two participants answers it.
                let resolvedMessage = try #require(await workspace.messages(inChannel: channel).first { $0.text.contains("resolved* by") })
                #expect(resolvedMessage.blocksJSON?.contains("retro_survey_open") == true)
                let open = try CheckInFlowTests.clickBody(user: "U02ONCALL1", channelID: channel, messageTS: resolvedMessage.ts, value: "1")
                    .replacingOccurrences(of: "incident_check_in", with: "retro_survey_open")
                _ = try await bot.post("/slack/interactions", body: open, contentType: "application/x-www-form-urlencoded")
                let views = await workspace.openedViews()
                #expect(views.count == 1)
                #expect(views.first?.callbackID == "retro_survey")
                #expect(views.first?.privateMetadata == "1")
                #expect(views.first?.blocksJSON.contains("\"block_id\":\"severity_right\"") == true)
                let submission = try Self.surveySubmission(user: "U02ONCALL1", incident: "1", answers: [
                    "went_well": "Rollback was fast", "was_hard": "Finding the deploy", "factors": "No canary", "severity_right": "Yes",
                ])
                let submitted = try await bot.post("/slack/interactions", body: submission, contentType: "application/x-www-form-urlencoded")
                #expect(submitted.status == .ok)
                #expect(submitted.body.isEmpty)

                let draft = try await bot.command("postmortem", user: "U01PAYLEAD", channel: channel).text
                let expectedInOrder = [
                    "# Postmortem draft: #1 Card payments failing",
                    "| Severity | SEV1 (Major degradation) |",
                    "| State | resolved |",
                    "Rolled back payments-api",
                    "- checkout (tier 1, team payments): affected",
                    "First responder checked in after",
                    "**declared** Declared SEV1 on checkout: Card payments failing",
                    "**evidence** grafana: https://grafana.example.com/d/payments (@U02ONCALL1)",
                    "**captured** @U04SRE: payments-api 5.2 went out at 07:58",
                    "**check-in** @U02ONCALL1 checked in first",
                    "**note** Rolling back payments-api to 5.1 (@U04SRE)",
                    "**status** identified: Bad deploy of payments-api 5.2",
                    "**status** monitoring: Rolled back; declines back to normal",
                    "**resolved** Resolved after",
                    "## Evidence",
                    "grafana: https://grafana.example.com/d/payments",
                    "@U04SRE: payments-api 5.2 went out at 07:58",
                    "## Survey answers (1 of 2 participants answered)",
                    "- @U02ONCALL1 — went well: Rollback was fast; hard: Finding the deploy; factors: No canary; severity right: Yes",
                    "## Action items",
                    "- [open] #1 @U04SRE: Alert on card decline rate (2027-02-01)",
                    "- [done] #2 @U02ONCALL1: Canary payments-api deploys (no due date)",
                ]
                var rest = Substring(draft)
                for piece in expectedInOrder {
                    guard let range = rest.range(of: piece) else {
                        Issue.record("the draft lacks, or has out of order: \(piece)\n\(draft)")
                        break
                    }
                    rest = rest[range.upperBound...]
                }
            }

            // The same draft from the command line, and the KPIs.
            let postmortem = try CommandLineTests.run(["postmortem", "1", "--format", "markdown", "--database", harness.databasePath])
            #expect(postmortem.status == 0)
            #expect(postmortem.output.contains("# Postmortem draft: #1 Card payments failing"))
            #expect(postmortem.output.contains("- [done] #2 @U02ONCALL1: Canary payments-api deploys"))
            let missing = try CommandLineTests.run(["postmortem", "9", "--database", harness.databasePath])
            #expect(missing.status != 0)
            #expect(missing.errors.contains("There is no incident #9"))
            let kpis = try CommandLineTests.run(["kpis", "--database", harness.databasePath])
            #expect(kpis.status == 0)
            #expect(kpis.output.contains("SEV1      1          0"), "\(kpis.output)")
            #expect(kpis.output.contains("100% (1/1)"))
            #expect(kpis.output.components(separatedBy: "50% (1/2)").count == 3, "action items and surveys: half done")
        }
    }

    /// A `view_submission` payload shaped like Slack's (shared/slack/fixtures/view_submission.json), form-encoded.
    static func surveySubmission(user: String, incident: String, answers: [String: String]) throws -> String {
        var values: [String: Any] = [:]
        for (question, answer) in answers {
            values[question] = ["answer": question == "severity_right"
                ? ["type": "static_select", "selected_option": ["text": ["type": "plain_text", "text": answer], "value": answer]]
                : ["type": "plain_text_input", "value": answer]]
        }
        let payload: [String: Any] = [
            "type": "view_submission", "team": ["id": "T0SANDBOX", "domain": "tocsin-sandbox"],
            "user": ["id": user, "username": "omar", "name": "omar", "team_id": "T0SANDBOX"],
            "api_app_id": "A0TOCSIN", "token": "legacy", "trigger_id": "1111.2222.abcdef",
            "view": [
                "id": "V0001", "team_id": "T0SANDBOX", "type": "modal", "callback_id": "retro_survey", "private_metadata": incident,
                "state": ["values": values], "hash": "1.abc", "title": ["type": "plain_text", "text": "Retro"],
            ],
            "response_urls": [],
        ]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: payload), as: UTF8.self)
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return "payload=" + json.addingPercentEncoding(withAllowedCharacters: allowed)!
    }
}
