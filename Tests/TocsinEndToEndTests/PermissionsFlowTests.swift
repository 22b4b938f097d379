import Foundation
import Testing
import TocsinApp
import TocsinSandbox
import TocsinStore

/// Who may do what, end to end: under the default `permissions`, people outside an incident are refused
/// with one sentence naming who can, and nothing changes. U04SRE is not among checkout's responders
/// (U01PAYLEAD and @payments-oncall: U02ONCALL1, U03ONCALL2); U05EXEC declares and so commands.
@Suite struct PermissionsFlowTests {
    static let stranger = "U04SRE"

    static func refusal(_ verb: String) -> String {
        "Only the commander (<@U05EXEC>), the comms lead, checkout's responders, or people who checked in can \(verb); "
            + "check in with `/incident checkin` first if you are working on it."
    }

    /// Declares incident #1 and waits until all its work is delivered.
    static func declared(_ harness: Harness, _ bot: BotClient) async throws -> (channel: String, store: AppDatabase) {
        _ = try await bot.command("declare SEV1 checkout Card payments failing", user: DeclareFlowTests.declarer)
        #expect(await DeclareFlowTests.waitForDelivery(harness))
        let store = try AppDatabase(path: harness.databasePath)
        #expect(await harness.eventually { _ in
            let entries = (try? await store.outboxEntries(incident: 1)) ?? []
            // The check-in alarm waits for its time (half an hour).
            return !entries.isEmpty && !entries.contains { $0.status == .pending && $0.lane.isChat }
        })
        return (try #require(await harness.workspace.channel(named: DeclareFlowTests.channelName)).id, store)
    }

    @Test func aForbiddenResolveIsRefusedWithNothingChanged() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot { bot in
                let (channel, store) = try await Self.declared(harness, bot)
                let outboxBefore = try await store.outboxEntries(incident: 1).count
                let postsBefore = await workspace.calls().filter { $0.method == "chat.postMessage" }.count

                let resolve = try await bot.command("resolve Rolled back", user: Self.stranger, channel: channel)
                #expect(resolve.text == Self.refusal("resolve #1"))
                let status = try await bot.command("status identified Bad deploy", user: Self.stranger, channel: channel)
                #expect(status.text == Self.refusal("post status updates for #1"))
                let role = try await bot.command("role commander <@U04SRE|sam>", user: Self.stranger, channel: channel)
                #expect(role.text == Self.refusal("change the roles of #1"))

                let incident = try #require(try await store.incident(number: 1))
                #expect(incident.state.isActive)
                #expect(incident.commander == DeclareFlowTests.declarer)
                #expect(try await store.outboxEntries(incident: 1).count == outboxBefore, "nothing queued for any ring")
                #expect(await workspace.calls().filter { $0.method == "chat.postMessage" }.count == postsBefore)

                // A member of @payments-oncall (looked up in the workspace) may post the update the stranger could not.
                let allowed = try await bot.command("status identified Bad deploy", user: "U03ONCALL2", channel: channel)
                #expect(allowed.text.hasPrefix("Status update posted for #1"), "\(allowed.text)")
            }
        }
    }

    @Test func aGroupThatCannotBeLookedUpRefusesAndListedUsersMayAct() async throws {
        let yaml = DefaultConfiguration.yaml + "permissions:\n  also: [U05EXEC, \"@incident-managers\"]\n"
        try await Harness.withSandbox { harness in
            try await harness.withBot(configuration: yaml) { bot in
                _ = try await bot.command("declare SEV1 checkout Card payments failing", user: "U01PAYLEAD")
                #expect(await DeclareFlowTests.waitForDelivery(harness))
                let channel = try #require(await harness.workspace.channel(named: DeclareFlowTests.channelName)).id
                // The sandbox has no @incident-managers: whether U04SRE is in it cannot be known, so the answer is no.
                let refused = try await bot.command("resolve", user: Self.stranger, channel: channel)
                #expect(refused.text == "I could not check @incident-managers's members just now; try again in a minute.")
                let listed = try await bot.command("severity SEV2", user: "U05EXEC", channel: channel)
                #expect(listed.text.hasPrefix("#1 is now SEV2"), "\(listed.text)")
            }
        }
    }

    @Test func aStrangersSEV0EscalationIsRefusedUntilTheyCheckIn() async throws {
        try await Harness.withSandbox { harness in
            try await harness.withBot { bot in
                let (channel, store) = try await Self.declared(harness, bot)
                let escalate = try await bot.command("severity SEV0", user: Self.stranger, channel: channel)
                #expect(escalate.text == Self.refusal("change the severity of #1"))
                #expect(try await store.incident(number: 1)?.severity == "SEV1")

                _ = try await bot.command("checkin", user: Self.stranger, channel: channel)
                let again = try await bot.command("severity SEV0", user: Self.stranger, channel: channel)
                #expect(again.text.hasPrefix("#1 is now SEV0"), "\(again.text)")
            }
        }
    }

    @Test func aCheckInButtonNamingAnotherIncidentIsRefused() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot { bot in
                let (channel, store) = try await Self.declared(harness, bot)
                _ = try await bot.command("declare SEV2 reports Nightly export late", user: DeclareFlowTests.declarer)
                let welcome = try #require(await workspace.messages(inChannel: channel).first)
                let index = try InteractionFlowTests.blockIndex(of: "incident_check_in", in: welcome)
                try await harness.withConsole(to: bot) { console in
                    let click: [String: Any] = [
                        "user": "U02ONCALL1", "channel": channel, "message_ts": welcome.ts, "block_index": index,
                        "action_id": "incident_check_in", "value": "2",
                    ]
                    let sent = try await console.send("action", click)
                    #expect(sent["ok"] as? Bool == true, "\(sent)")
                    // The answer goes to the click's response_url, which the console serves.
                    #expect(await harness.eventually { await $0.ephemerals().count == 1 })
                }
                #expect(await workspace.ephemerals().first?.text
                    == "That Check in button does not belong to this channel's incident (it names #2), so nothing was changed; use the buttons in the incident's own channel.")
                #expect(try await store.checkIns(incident: 2).isEmpty)
                #expect(try await store.checkIns(incident: 1).isEmpty)
            }
        }
    }

    @Test func aDoneButtonNamingAnotherIncidentsActionItemIsRefused() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot { bot in
                let (channel, store) = try await Self.declared(harness, bot)
                _ = try await bot.command("declare SEV2 reports Nightly export late", user: DeclareFlowTests.declarer)
                #expect(await harness.eventually { _ in (try? await store.incident(number: 2))??.channel != nil })
                let other = try #require(try await store.incident(number: 2)?.channel?.id)
                _ = try await bot.command("action <@U04SRE|sam> Alert on declines", user: DeclareFlowTests.declarer, channel: channel)
                _ = try await bot.command("action <@U04SRE|sam> Page on late exports", user: DeclareFlowTests.declarer, channel: other)
                #expect(await harness.eventually { await $0.messages(inChannel: channel).contains { $0.text.contains("Action item #1") } })
                let item = try #require(await workspace.messages(inChannel: channel).first { $0.text.contains("Action item #1") })
                let index = try InteractionFlowTests.blockIndex(of: "action_item_done", in: item)
                try await harness.withConsole(to: bot) { console in
                    _ = try await console.send("action", [
                        "user": "U04SRE", "channel": channel, "message_ts": item.ts, "block_index": index, "action_id": "action_item_done", "value": "2",
                    ])
                    #expect(await harness.eventually { await $0.ephemerals().count == 1 })
                }
                #expect(await workspace.ephemerals().first?.text
                    == "That Done button does not belong to this channel's incident (it names #2), so nothing was changed; use the buttons in the incident's own channel.")
                #expect(try await store.actionItems(incident: 2).map(\.state) == [.open])
            }
        }
    }

    @Test func theSurveyIsForParticipantsOnceResolvedAndCheckInForActiveIncidents() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot { bot in
                let (channel, store) = try await Self.declared(harness, bot)
                let answers = ["went_well": "Rollback was fast", "severity_right": "Yes"]
                let early = try RetrospectiveFlowTests.surveySubmission(user: DeclareFlowTests.declarer, incident: "1", answers: answers)
                _ = try await bot.post("/slack/interactions", body: early, contentType: "application/x-www-form-urlencoded")
                #expect(try await store.surveyResponses(incident: 1).isEmpty, "answered before the incident was resolved")

                let resolved = try await bot.command("resolve Rolled back", user: DeclareFlowTests.declarer, channel: channel)
                #expect(resolved.text.hasPrefix("#1 is resolved"), "\(resolved.text)")
                let outsider = try RetrospectiveFlowTests.surveySubmission(user: Self.stranger, incident: "1", answers: answers)
                _ = try await bot.post("/slack/interactions", body: outsider, contentType: "application/x-www-form-urlencoded")
                let participant = try RetrospectiveFlowTests.surveySubmission(user: DeclareFlowTests.declarer, incident: "1", answers: answers)
                _ = try await bot.post("/slack/interactions", body: participant, contentType: "application/x-www-form-urlencoded")
                #expect(try await store.surveyResponses(incident: 1).map(\.userID) == [DeclareFlowTests.declarer])

                // The resolve message's survey button tells a non-participant why, and opens nothing.
                #expect(await harness.eventually { await $0.messages(inChannel: channel).contains { $0.text.contains("resolved* by") } })
                let resolvedMessage = try #require(await workspace.messages(inChannel: channel).first { $0.text.contains("resolved* by") })
                let index = try InteractionFlowTests.blockIndex(of: "retro_survey_open", in: resolvedMessage)
                try await harness.withConsole(to: bot) { console in
                    _ = try await console.send("action", [
                        "user": Self.stranger, "channel": channel, "message_ts": resolvedMessage.ts, "block_index": index, "action_id": "retro_survey_open",
                    ])
                    #expect(await harness.eventually { await $0.ephemerals().count == 1 })
                }
                #expect(await workspace.ephemerals().first?.text
                    == "Only the people who took part in #1 (its commander, comms lead, scribe and those who checked in) can answer its retro survey.")
                #expect(await workspace.openedViews().isEmpty)

                let checkIn = try await bot.command("checkin", user: "U02ONCALL1", channel: channel)
                #expect(checkIn.text == "#1 is resolved; there is nothing to check in on any more (`/incident list` shows the active incidents).")
                #expect(try await store.checkIns(incident: 1).isEmpty)
            }
        }
    }
}
