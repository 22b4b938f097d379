import Foundation
import Synchronization
import Testing
import TocsinSandbox

/// Real time plus an offset the test moves forward, so hours pass without sleeping.
final class TestClock: Sendable {
    private let offset = Mutex<TimeInterval>(0)

    var now: Date { Date().addingTimeInterval(offset.withLock { $0 }) }

    func advance(by seconds: TimeInterval) {
        offset.withLock { $0 += seconds }
    }
}

/// The communication rings end to end: escalation, status, questions from executives, de-escalation,
/// resolution, and reminders that survive a restart.
@Suite struct RingsFlowTests {
    static let channelName = "inc-1-checkout-checkout-is-failing"

    struct Channels {
        var incident: [SandboxMessage]
        var payments: [SandboxMessage]
        var company: [SandboxMessage]
        var exec: [SandboxMessage]
    }

    static func channels(_ workspace: SandboxWorkspace) async -> Channels {
        func messages(_ name: String) async -> [SandboxMessage] {
            guard let channel = await workspace.channel(named: name) else { return [] }
            return await workspace.messages(inChannel: channel.id)
        }
        return Channels(incident: await messages(channelName), payments: await messages("payments"), company: await messages("incidents"), exec: await messages("exec-incidents"))
    }

    /// Waits until each channel holds exactly these numbers of messages (thread replies included).
    static func wait(_ harness: Harness, incident: Int, payments: Int, company: Int, exec: Int) async -> Bool {
        await harness.eventually { workspace in
            let c = await channels(workspace)
            return c.incident.count == incident && c.payments.count == payments && c.company.count == company && c.exec.count == exec
        }
    }

    static func threadEvent(eventID: String, channel: String, threadTS: String, user: String, text: String) -> String {
        let event: [String: Any] = [
            "token": "legacy", "team_id": "T0SANDBOX", "api_app_id": "A0TOCSIN", "type": "event_callback",
            "event_id": eventID, "event_time": 1_700_000_000, "is_ext_shared_channel": false,
            "authorizations": [["enterprise_id": NSNull(), "team_id": "T0SANDBOX", "user_id": "U0TOCSIN", "is_bot": true, "is_enterprise_install": false]],
            "event": [
                "type": "message", "channel": channel, "user": user, "text": text, "ts": "1700000100.000200",
                "thread_ts": threadTS, "parent_user_id": "U0TOCSIN", "event_ts": "1700000100.000200",
                "channel_type": "channel", "team": "T0SANDBOX", "client_msg_id": UUID().uuidString.lowercased(),
            ],
        ]
        return String(decoding: try! JSONSerialization.data(withJSONObject: event), as: UTF8.self)
    }

    @Test func escalateUpdateAskDeEscalateResolve() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot { bot in
                let declared = try await bot.command("declare SEV2 checkout Checkout is failing", user: "U05EXEC")
                #expect(declared.text.contains("Declared incident #1, SEV2"))
                #expect(await Self.wait(harness, incident: 1, payments: 1, company: 0, exec: 0))
                let incidentChannel = try #require(await workspace.channel(named: Self.channelName))
                let inChannel = incidentChannel.id

                let rings = try await bot.command("rings", channel: inChannel)
                #expect(rings.text.contains("informed: #payments (stakeholders)"))
                #expect(rings.text.contains("SEV0: #payments (stakeholders), #incidents (company), #exec-incidents (executives)"))

                let raised = try await bot.command("severity SEV0", user: "U05EXEC", channel: inChannel)
                #expect(raised.text == "#1 is now SEV0; the channel and the rings are being told.")
                // #payments was told already: it hears of the change in one line; the new rings catch up.
                #expect(await Self.wait(harness, incident: 2, payments: 2, company: 1, exec: 1))

                // The executive thread hears who the comms lead is (one line).
                _ = try await bot.command("role comms <@U04SRE|sam>", user: "U05EXEC", channel: inChannel)
                let status = try await bot.command("status identified Bad deploy of payments-api; rolling back", user: "U04SRE", channel: inChannel)
                #expect(status.text.contains("Status update posted for #1 (identified)"))
                #expect(await Self.wait(harness, incident: 4, payments: 3, company: 2, exec: 3))

                let execChannel = try #require(await workspace.channel(named: "exec-incidents"))
                let root = try #require(await workspace.messages(inChannel: execChannel.id).first { $0.threadTS == nil })
                let question = Self.threadEvent(eventID: "Ev0QUESTION1", channel: execChannel.id, threadTS: root.ts, user: "U05EXEC", text: "Are refunds affected too?")
                let asked = try await bot.post("/slack/events", body: question, contentType: "application/json")
                #expect(asked.status == .ok)
                // Slack retries the same event; it must not be relayed twice.
                let retried = try await bot.post("/slack/events", body: question, contentType: "application/json")
                #expect(retried.status == .ok)
                #expect(await Self.wait(harness, incident: 5, payments: 3, company: 2, exec: 3))

                let lowered = try await bot.command("severity SEV2", user: "U04SRE", channel: inChannel)
                #expect(lowered.text.contains("is now SEV2"))
                #expect(await Self.wait(harness, incident: 6, payments: 4, company: 3, exec: 4))

                let resolved = try await bot.command("resolve Rolled back; card payments recovered", user: "U04SRE", channel: inChannel)
                #expect(resolved.text.contains("#1 is resolved after"))
                #expect(await Self.wait(harness, incident: 7, payments: 5, company: 4, exec: 5))
                let again = try await bot.command("resolve", user: "U04SRE", channel: inChannel)
                #expect(again.text.contains("Incident #1 is resolved"))
                // Anything the second resolve queued by mistake has been posted once delivery has come to rest.
                #expect(try await harness.settled())
            }

            let c = await Self.channels(workspace)
            let incident = c.incident.map(\.text)
            #expect(incident.count == 7)
            #expect(incident[1].contains("Severity raised from SEV2 to *SEV0*"))
            #expect(incident[1].contains("Now also informing #incidents, #exec-incidents"))
            #expect(incident[2].contains("<@U04SRE> is now the comms lead"))
            #expect(incident[3].contains("*Status: identified* — Bad deploy of payments-api; rolling back"))
            #expect(incident[4].contains("Question from <@U05EXEC> in #exec-incidents: Are refunds affected too?"))
            #expect(incident[4].contains("<@U04SRE>, please answer"))
            #expect(incident[5].contains("Severity lowered from SEV0 to *SEV2*"))
            #expect(incident[6].contains("*#1 resolved* by <@U04SRE>"))

            let payments = c.payments.map(\.text)
            #expect(payments[0].contains("*SEV2 incident #1* on *checkout*"))
            #expect(payments[1].contains("*#1 Checkout is failing* was raised from SEV2 to *SEV0*"))
            #expect(payments[2].contains("*identified*: Bad deploy of payments-api; rolling back"))
            #expect(payments[3].contains("*#1 Checkout is failing* was lowered from SEV0 to *SEV2*"))
            #expect(payments[4].contains("is resolved after"))

            let company = c.company.map(\.text)
            #expect(company[0].contains("is now *SEV0*"))
            #expect(company[1].contains("*identified*"))
            #expect(company[2].contains("will hear no more about it until it is resolved"))
            #expect(company[3].contains("is resolved after"))
            #expect(company[3].contains("Rolled back; card payments recovered"))

            // The executive channel: one root message, edited in place to the final state, with the updates in its thread.
            let roots = c.exec.filter { $0.threadTS == nil }
            #expect(roots.count == 1)
            let root = try #require(roots.first)
            #expect(root.edited)
            #expect(root.text.contains(":white_check_mark: *#1 Checkout is failing*"))
            #expect(root.text.contains("*SEV2* · resolved after"))
            #expect(root.text.contains("*Latest:* Rolled back; card payments recovered"))
            let thread = c.exec.filter { $0.threadTS == root.ts }.map(\.text)
            #expect(thread.count == 4)
            #expect(thread[0].hasPrefix(":bust_in_silhouette: <@U04SRE> is now the comms lead of #1"), "the executives hear who to ask")
            #expect(thread[1].hasPrefix("*identified* (SEV0"))
            #expect(thread[2].contains("lowered from SEV0 to SEV2"))
            #expect(thread[3].hasPrefix(":white_check_mark: *Resolved* after"))
        }
    }

    /// The messages but the check-in follow-up (nobody checks in here, so it comes once the target passes).
    static func withoutFollowUp(_ messages: [SandboxMessage]) -> [SandboxMessage] {
        messages.filter { !$0.text.hasPrefix(":rotating_light: Nobody has checked in") }
    }

    @Test func aReminderDueWhileTheBotIsDownIsSentOnceAfterRestart() async throws {
        let clock = TestClock()
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot(now: { clock.now }) { bot in
                _ = try await bot.command("declare SEV0 checkout Checkout is failing", user: "U05EXEC")
                #expect(await DeclareFlowTests.waitForDelivery(harness, channel: Self.channelName))
            }
            let channel = try #require(await workspace.channel(named: Self.channelName))
            #expect(await workspace.messages(inChannel: channel.id).count == 1)

            clock.advance(by: 2 * 3600)  // eight SEV0 intervals pass while the bot is down
            try await harness.withBot(now: { clock.now }) { _ -> Void in
                #expect(await harness.eventually { workspace in await Self.withoutFollowUp(workspace.messages(inChannel: channel.id)).count == 2 })
                // No second reminder can come: the next update is due in the future and nothing is left to deliver.
                let settled = try await harness.settled { store in try await store.incidentsWithUpdateDue(at: clock.now).isEmpty }
                #expect(settled)
            }
            // Nobody checked in within SEV0's 5 minutes either: the responders were asked again, once.
            let all = await workspace.messages(inChannel: channel.id).map(\.text)
            #expect(all.filter { $0.hasPrefix(":rotating_light: Nobody has checked in on #1") }.count == 1)
            let messages = all.filter { !$0.hasPrefix(":rotating_light: Nobody has checked in") }
            #expect(messages.count == 2)
            #expect(messages.last?.hasPrefix(":alarm_clock: <@U05EXEC> a status update for #1 is due: SEV0 asks for one every 15 minutes and the last was 2 hours") == true)

            clock.advance(by: 15 * 60)
            try await harness.withBot(now: { clock.now }) { _ -> Void in
                #expect(await harness.eventually { workspace in await Self.withoutFollowUp(workspace.messages(inChannel: channel.id)).count == 3 })
            }
            let escalated = try #require(await workspace.messages(inChannel: channel.id).last)
            #expect(escalated.text.contains("has missed 2 status updates in a row"))
            let exec = try #require(await workspace.channel(named: "exec-incidents"))
            #expect(await workspace.messages(inChannel: exec.id).contains { $0.threadTS != nil && $0.text.contains("overdue") })
        }
    }
}
