import Foundation
import Testing
import TocsinApp
import TocsinSandbox
import TocsinStore

/// Channels as real Slack has them: a responder who cannot be invited, private ring channels (with and
/// without the bot) and an archived ring channel. Each must leave the rest of the incident going and
/// tell the people in the incident channel what to fix.
@Suite struct ChannelsFlowTests {
    static let channelName = "inc-1-checkout-card-payments-failing"
    static let declare = "declare SEV1 checkout Card payments failing"
    static let declarer = "U05EXEC"

    static func messages(_ workspace: SandboxWorkspace, in name: String) async -> [SandboxMessage] {
        guard let channel = await workspace.channel(named: name) else { return [] }
        return await workspace.messages(inChannel: channel.id)
    }

    /// Waits until the incident channel has a message containing `phrase`.
    static func incidentChannelSays(_ harness: Harness, _ phrase: String) async -> Bool {
        await harness.eventually { await messages($0, in: channelName).contains { $0.text.contains(phrase) } }
    }

    /// A message in a private channel's thread, as Slack sends it to a `message.groups` subscriber.
    static func privateThreadEvent(channel: String, threadTS: String, user: String, text: String) throws -> String {
        let event: [String: Any] = [
            "token": "legacy", "team_id": "T0SANDBOX", "api_app_id": "A0TOCSIN", "type": "event_callback",
            "event_id": "Ev0PRIVATE1", "event_time": 1_700_000_000, "is_ext_shared_channel": false,
            "event": [
                "type": "message", "channel": channel, "user": user, "text": text, "ts": "1700000100.000200",
                "thread_ts": threadTS, "parent_user_id": "U0TOCSIN", "event_ts": "1700000100.000200",
                "channel_type": "group", "team": "T0SANDBOX",
            ],
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: event), as: UTF8.self)
    }

    @Test func aResponderWhoCannotBeInvitedIsReportedAndEveryoneElseIsInvited() async throws {
        let configuration = DefaultConfiguration.yaml.replacingOccurrences(
            of: #"responders: [U01PAYLEAD, "@payments-oncall"]"#, with: #"responders: [U01PAYLEAD, U0GHOST, "@payments-oncall"]"#)
        #expect(configuration != DefaultConfiguration.yaml)
        try await Harness.withSandbox { harness in
            try await harness.withBot(configuration: configuration) { bot in
                _ = try await bot.command(Self.declare, user: Self.declarer)
                #expect(await Self.incidentChannelSays(harness, "<@U0GHOST> (user_not_found: no such user)"))
            }
            let channel = try #require(await harness.workspace.channel(named: Self.channelName))
            #expect(Set(channel.members) == [harness.seed.botUserID, Self.declarer, "U01PAYLEAD", "U02ONCALL1", "U03ONCALL2"])
            let notice = try #require(await harness.workspace.messages(inChannel: channel.id).first { $0.text.contains("U0GHOST") })
            #expect(notice.text.contains("I could not invite everyone into this channel"))
            #expect(notice.text.contains("fix the `responders` list"))
            #expect(!notice.text.contains("U01PAYLEAD"))
        }
    }

    @Test func aPrivateRingChannelTheBotWasInvitedToIsReachedAndItsThreadIsHeard() async throws {
        var seed = SandboxSeed.demo
        seed.channels.removeAll { $0 == "exec-incidents" }
        seed.privateChannels = [SandboxPrivateChannel(name: "exec-incidents", botIsMember: true)]
        try await Harness.withSandbox(seed: seed) { harness in
            let workspace = harness.workspace
            let exec = try #require(await workspace.channel(named: "exec-incidents"))
            try await harness.withBot { bot in
                _ = try await bot.command(Self.declare, user: Self.declarer)
                #expect(await harness.eventually { await !$0.messages(inChannel: exec.id).isEmpty })
                let root = try #require(await workspace.messages(inChannel: exec.id).first)
                let question = try Self.privateThreadEvent(channel: exec.id, threadTS: root.ts, user: "U05EXEC", text: "Are refunds affected too?")
                #expect(try await bot.post("/slack/events", body: question, contentType: "application/json").status == .ok)
                #expect(await Self.incidentChannelSays(harness, "Are refunds affected too?"))
            }
            #expect(await workspace.messages(inChannel: exec.id).count == 1)
            #expect(await workspace.channels().filter { $0.name == "exec-incidents" }.count == 1)
            let calls = await workspace.calls()
            #expect(!calls.contains { $0.method == "conversations.create" && $0.params["name"] == "exec-incidents" })
            #expect(!calls.contains { $0.method == "conversations.join" && $0.params["channel"] == exec.id })
        }
    }

    @Test func aPrivateRingChannelWithoutTheBotIsReportedAndTheOtherRingsAreTold() async throws {
        var seed = SandboxSeed.demo
        seed.channels.removeAll { $0 == "exec-incidents" }
        seed.privateChannels = [SandboxPrivateChannel(name: "exec-incidents", botIsMember: false)]
        try await Harness.withSandbox(seed: seed) { harness in
            let workspace = harness.workspace
            try await harness.withBot { bot in
                _ = try await bot.command(Self.declare, user: Self.declarer)
                #expect(await Self.incidentChannelSays(harness, "#exec-incidents exists but I cannot see it"))
                #expect(await harness.eventually { workspace in
                    let payments = await Self.messages(workspace, in: "payments"), company = await Self.messages(workspace, in: "incidents")
                    return !payments.isEmpty && !company.isEmpty
                })
            }
            let notice = try #require(await Self.messages(workspace, in: Self.channelName).first { $0.text.contains("#exec-incidents") })
            #expect(notice.text.contains("Invite me to it or change `slack.exec_channel`"))
            let exec = try #require(await workspace.channel(named: "exec-incidents"))
            #expect(await workspace.messages(inChannel: exec.id).isEmpty)
            #expect(!exec.members.contains(harness.seed.botUserID))
        }
    }

    @Test func anArchivedRingChannelIsReportedOnceAndTheIncidentGoesOn() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            #expect(await workspace.archiveChannel(named: "payments"))
            try await harness.withBot { bot in
                _ = try await bot.command(Self.declare, user: Self.declarer)
                #expect(await Self.incidentChannelSays(harness, "#payments is archived; unarchive it or change `stakeholders_channel`"))
                #expect(await harness.eventually { workspace in
                    let company = await Self.messages(workspace, in: "incidents"), exec = await Self.messages(workspace, in: "exec-incidents")
                    return company.count == 1 && exec.count == 1
                })
                let incident = try #require(await workspace.channel(named: Self.channelName))
                let status = try await bot.command("status identified Bad deploy; rolling back", user: Self.declarer, channel: incident.id)
                #expect(status.status == .ok)
                // The update reaches the other rings; #payments fails again, and the outbox settles without a second notice.
                #expect(await harness.eventually { workspace in
                    let company = await Self.messages(workspace, in: "incidents"), exec = await Self.messages(workspace, in: "exec-incidents")
                    return company.count == 2 && exec.count == 2
                })
                let store = try AppDatabase(path: harness.databasePath)
                #expect(await harness.eventually { _ in
                    let entries = (try? await store.outboxEntries(incident: 1)) ?? []
                    return entries.filter { $0.status == .failed }.count == 2 && !entries.contains { $0.status == .pending && $0.lane.isChat }
                })
                let failed = try await store.outboxEntries(incident: 1).filter { $0.status == .failed }
                #expect(failed.allSatisfy { $0.lane == .channel("payments") && $0.lastError?.contains("#payments is archived") == true })
            }
            let notices = await Self.messages(workspace, in: Self.channelName).filter { $0.text.contains("is archived") }
            #expect(notices.count == 1)
            let payments = try #require(await workspace.channel(named: "payments"))
            #expect(payments.isArchived)
            #expect(await workspace.messages(inChannel: payments.id).isEmpty)
            #expect(await workspace.channels().filter { $0.name == "payments" }.count == 1)
            #expect(!(await workspace.calls()).contains { $0.method == "conversations.create" && $0.params["name"] == "payments" })
        }
    }
}
