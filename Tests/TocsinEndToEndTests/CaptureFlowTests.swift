import Foundation
import Testing

/// Events from inside an incident channel become the transcript and the timeline, quietly.
@Suite struct CaptureFlowTests {
    static func event(_ id: String, _ inner: [String: Any], authorizedUser: String? = nil) -> String {
        var body: [String: Any] = [
            "token": "legacy", "team_id": "T0SANDBOX", "api_app_id": "A0TOCSIN", "type": "event_callback",
            "event_id": id, "event_time": 1_700_000_000, "event": inner,
        ]
        if let authorizedUser {
            body["authorizations"] = [["enterprise_id": NSNull(), "team_id": "T0SANDBOX", "user_id": authorizedUser, "is_bot": true, "is_enterprise_install": false]]
        }
        return String(decoding: try! JSONSerialization.data(withJSONObject: body), as: UTF8.self)
    }

    @Test func messagesReactionsPinsAndNotesMakeTheTimeline() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot { bot in
                _ = try await bot.command("declare SEV1 checkout Card payments failing", user: "U05EXEC")
                #expect(await DeclareFlowTests.waitForDelivery(harness))
                let channel = try #require(await workspace.channel(named: DeclareFlowTests.channelName)).id
                let now = Date().timeIntervalSince1970
                // People post in the channel; Slack then sends the bot the events.
                let graphText = "p99 is up, see <https://grafana.example.com/d/checkout|dashboard>"
                let graphTS = try #require(await workspace.postAsUser("U02ONCALL1", channelID: channel, text: graphText, threadTS: nil)).ts
                let rollbackTS = try #require(await workspace.postAsUser("U01PAYLEAD", channelID: channel, text: "Rolling back deploy 42", threadTS: nil)).ts
                let events = [
                    Self.event("Ev01", ["type": "message", "channel": channel, "user": "U02ONCALL1", "ts": graphTS, "event_ts": graphTS, "channel_type": "channel",
                                        "text": graphText]),
                    Self.event("Ev02", ["type": "message", "channel": channel, "user": "U01PAYLEAD", "ts": rollbackTS, "event_ts": rollbackTS, "channel_type": "channel",
                                        "text": "Rolling back deploy 42"]),
                    Self.event("Ev03", ["type": "reaction_added", "user": "U05EXEC", "reaction": "pushpin", "item_user": "U01PAYLEAD",
                                        "item": ["type": "message", "channel": channel, "ts": rollbackTS], "event_ts": String(now + 3)]),
                    Self.event("Ev03", ["type": "reaction_added", "user": "U05EXEC", "reaction": "pushpin", "item_user": "U01PAYLEAD",
                                        "item": ["type": "message", "channel": channel, "ts": rollbackTS], "event_ts": String(now + 3)]),
                    Self.event("Ev04", ["type": "message", "channel": "C0GENERAL", "user": "U01PAYLEAD", "ts": String(format: "%.6f", now + 4), "text": "https://grafana.example.com/d/unrelated"]),
                    Self.event("Ev05", ["type": "message", "channel": channel, "bot_id": "B0TOCSIN", "subtype": "bot_message", "ts": String(format: "%.6f", now + 5), "text": "https://grafana.example.com/d/bot"]),
                    Self.event("Ev06", ["type": "pin_added", "user": "U05EXEC", "channel_id": channel,
                                        "item": ["type": "message", "channel": channel, "message": ["ts": graphTS, "text": "p99…"]], "event_ts": String(now + 6)]),
                    Self.event("Ev07", ["type": "pin_removed", "user": "U05EXEC", "channel_id": channel,
                                        "item": ["type": "message", "channel": channel, "message": ["ts": graphTS]], "event_ts": String(now + 7)]),
                    Self.event("Ev08", ["type": "member_joined_channel", "user": "U04SRE", "channel": channel, "channel_type": "C", "team": "T0SANDBOX"]),
                    Self.event("Ev10", ["type": "app_mention", "user": "U04SRE", "channel": "C0GENERAL", "ts": String(format: "%.6f", now - 1), "text": "<@U0TOCSIN> status?"]),
                ]
                for body in events {
                    let reply = try await bot.post("/slack/events", body: body, contentType: "application/json")
                    #expect(reply.status == .ok)
                }
                let noted = try await bot.command("note Failover to eu-west started", user: "U01PAYLEAD", channel: channel)
                #expect(noted.text == "Noted in the timeline of #1.")
                let timeline = try await bot.command("timeline", user: "U01PAYLEAD", channel: channel).text
                let lines = timeline.split(separator: "\n").map(String.init)
                #expect(lines.count == 5, "\(timeline)")
                #expect(lines[0].hasPrefix("*Timeline of #1 Card payments failing* (page 1 of 1, times in UTC)"))
                #expect(lines[1].contains("*declared* Declared SEV1 on checkout: Card payments failing (<@U05EXEC>)"))
                #expect(lines[2].contains("*evidence* grafana: https://grafana.example.com/d/checkout (<@U02ONCALL1>)"))
                #expect(lines[3].contains("*captured* <@U01PAYLEAD>: Rolling back deploy 42"))
                #expect(lines[4].contains("*note* Failover to eu-west started (<@U01PAYLEAD>)"))

                // Captures are acknowledged with reactions, not messages.
                #expect(await harness.eventually { workspace in
                    let messages = await workspace.messages(inChannel: channel)
                    return messages.filter { !$0.reactions.isEmpty }.count == 2
                })
                #expect(await workspace.messages(inChannel: channel).filter { $0.user == harness.seed.botUserID }.count == 1)

                let removed = Self.event("Ev09", ["type": "reaction_removed", "user": "U05EXEC", "reaction": "pushpin",
                                                  "item": ["type": "message", "channel": channel, "ts": rollbackTS], "event_ts": String(now + 9)])
                _ = try await bot.post("/slack/events", body: removed, contentType: "application/json")
                let after = try await bot.command("timeline", user: "U01PAYLEAD", channel: channel).text
                #expect(!after.contains("Rolling back deploy 42"))
                #expect(after.contains("Failover to eu-west started"))
            }
        }
    }

    @Test func pagingAServiceInvitesItsRespondersAndIsInTheTimeline() async throws {
        try await Harness.withSandbox { harness in
            try await harness.withBot { bot in
                _ = try await bot.command("declare SEV2 search Results are stale", user: "U04SRE")
                #expect(await harness.eventually { await $0.channel(named: "inc-1-search-results-are-stale")?.members.count == 2 })
                let channel = try #require(await harness.workspace.channel(named: "inc-1-search-results-are-stale")).id
                let paged = try await bot.command("page checkout", user: "U04SRE", channel: channel)
                #expect(paged.text == "Inviting the responders of checkout into #1's channel.")
                #expect(await harness.eventually { workspace in
                    Set(await workspace.channel(id: channel)?.members ?? []) == ["U0TOCSIN", "U04SRE", "U01PAYLEAD", "U02ONCALL1", "U03ONCALL2"]
                })
                let timeline = try await bot.command("timeline", user: "U04SRE", channel: channel).text
                #expect(timeline.contains("*page* Paged the responders of checkout (<@U04SRE>)"))
                let unknown = try await bot.command("page billing", user: "U04SRE", channel: channel).text
                #expect(unknown.contains("services: checkout, payments-api, search, reports"))
            }
        }
    }
}

/// Capture on traffic as Slack sends it: edits, deletions, other integrations' posts, and the bot's own posts.
@Suite struct RealTrafficCaptureTests {
    @Test func editedInLinksAndOtherIntegrationsPostsAreEvidenceDeletionsKeepTheirEntries() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot { bot in
                _ = try await bot.command("declare SEV1 checkout Card payments failing", user: "U05EXEC")
                #expect(await DeclareFlowTests.waitForDelivery(harness))
                let channel = try #require(await workspace.channel(named: DeclareFlowTests.channelName)).id
                try await harness.withConsole(to: bot) { console in
                    // A plain message, then edited to add a Grafana link.
                    let posted = try await console.send("command", ["user": "omar", "channel": channel, "text": "p99 is up"])
                    let ts = try #require(posted["ts"] as? String)
                    let edited = try await console.send("edit", ["user": "omar", "channel": channel, "ts": ts, "text": "p99 is up, see https://grafana.example.com/d/checkout"])
                    #expect(edited["event_status"] as? Int == 200, "\(edited)")
                    // Alertmanager posts through its webhook.
                    let alert = try await console.send("integration", ["name": "Alertmanager", "channel": channel, "text": "FIRING: CheckoutErrors https://grafana.example.com/d/alerts"])
                    #expect(alert["event_status"] as? Int == 200, "\(alert)")
                    // Someone posts a Datadog link, then deletes the message.
                    let gone = try await console.send("command", ["user": "U01PAYLEAD", "channel": channel, "text": "traces: https://app.datadoghq.com/apm/traces"])
                    let goneTS = try #require(gone["ts"] as? String)
                    #expect(await harness.eventually { await $0.messages(inChannel: channel).first { $0.ts == goneTS }?.reactions.isEmpty == false })
                    let deleted = try await console.send("delete", ["user": "U01PAYLEAD", "channel": channel, "ts": goneTS])
                    #expect(deleted["event_status"] as? Int == 200, "\(deleted)")
                }
                // The bot's own message, as Slack echoes it (its bot user, its bot id, the app's authorizations).
                let own = CaptureFlowTests.event("Ev0OWN", [
                    "type": "message", "channel": channel, "user": "U0TOCSIN", "bot_id": "B0TOCSIN", "ts": "1700000300.000100",
                    "text": "see https://grafana.example.com/d/own", "channel_type": "channel",
                ], authorizedUser: "U0TOCSIN")
                #expect(try await bot.post("/slack/events", body: own, contentType: "application/json").status == .ok)

                let timeline = try await bot.command("timeline", user: "U01PAYLEAD", channel: channel).text
                #expect(timeline.contains("*evidence* grafana: https://grafana.example.com/d/checkout (<@U02ONCALL1>)"), "\(timeline)")
                #expect(timeline.contains("*evidence* grafana: https://grafana.example.com/d/alerts (posted by Alertmanager)"), "\(timeline)")
                #expect(timeline.contains("*evidence* datadoghq.com: https://app.datadoghq.com/apm/traces (<@U01PAYLEAD>)"), "\(timeline)")
                #expect(!timeline.contains("/d/own"), "\(timeline)")
            }
        }
    }
}
