import Foundation
import Testing
import TocsinApp
import TocsinCore
import TocsinStore

/// Issue #15, keeping the war room small: an executive who joins an incident channel is pointed at the executive
/// thread, nobody checking in within the target gets the responders asked again (once), and a resolved
/// incident's channel is archived `archive_after` later, unless it was reopened.
@Suite struct WarRoomFlowTests {
    static let channelName = DeclareFlowTests.channelName

    /// The default configuration with SEV0 and SEV1 check-ins due within `checkIn`, and `archive_after` when given.
    static func configuration(checkIn: String = "30m", archiveAfter: String? = nil) -> String {
        var yaml = DefaultConfiguration.yaml
            .replacingOccurrences(of: "check_in_within: 30m", with: "check_in_within: \(checkIn)")
            .replacingOccurrences(of: "check_in_within: 5m", with: "check_in_within: \(checkIn)")
        if let archiveAfter { yaml += "archive_after: \(archiveAfter)\n" }
        return yaml
    }

    /// Slack's documented `member_joined_channel` example (docs.slack.dev/reference/events/member_joined_channel),
    /// with this workspace's user, channel and team.
    static func memberJoinedEvent(user: String, channel: String, eventID: String) -> String {
        """
        {"token":"XXYYZZ","team_id":"T0SANDBOX","api_app_id":"A0TOCSIN","event":{"type":"member_joined_channel","user":"\(user)",\
        "channel":"\(channel)","channel_type":"C","team":"T0SANDBOX","inviter":"U01PAYLEAD","enterprise":"E123456789"},\
        "type":"event_callback","authorizations":[{"team_id":"T0SANDBOX","user_id":"U0TOCSIN","is_bot":true,"is_enterprise_install":false}],\
        "event_id":"\(eventID)","event_time":123456789}
        """
    }

    @Test func anExecutiveJoiningIsPointedAtTheExecutiveThreadOnceAndNobodyElseIs() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot { bot in
                _ = try await bot.command("declare SEV1 checkout Card payments failing", user: "U01PAYLEAD")
                #expect(await DeclareFlowTests.waitForDelivery(harness))
                let channel = try #require(await workspace.channel(named: Self.channelName))
                let exec = try #require(await workspace.channel(named: "exec-incidents"))
                let root = try #require(await workspace.messages(inChannel: exec.id).first)
                let before = await workspace.messages(inChannel: channel.id).count
                try await harness.withConsole(to: bot) { console in
                    // Sam is no executive; Erin is (`executives: [U05EXEC]`). Both join as people do in Slack.
                    let sam = try await console.send("join", ["user": "sam", "channel": channel.id])
                    #expect(sam["ok"] as? Bool == true, "\(sam)")
                    let erin = try await console.send("join", ["user": "erin", "channel": channel.id])
                    #expect(erin["ok"] as? Bool == true, "\(erin)")
                    #expect(await harness.eventually { await $0.ephemerals().contains { $0.user == "U05EXEC" } })
                }
                let notes = await workspace.ephemerals().filter { $0.channelID == channel.id && $0.user == "U05EXEC" }
                #expect(notes.count == 1)
                let link = "https://tocsin-sandbox.slack.com/archives/\(exec.id)/p\(root.ts.replacingOccurrences(of: ".", with: ""))"
                // The commander (who declared it) is the one who answers there.
                #expect(notes.first?.text == "This is the responders' room for #1. To follow it and ask questions, use <\(link)|its thread in #exec-incidents>: "
                    + "updates land there, and <@U01PAYLEAD> answers there. You're welcome to read along here.")

                // Slack delivering another join of hers (she left and came back) changes nothing: once per person.
                let again = try await bot.post("/slack/events", body: Self.memberJoinedEvent(user: "U05EXEC", channel: channel.id, eventID: "Ev0REJOIN"), contentType: "application/json")
                #expect(again.status == .ok)
                #expect(try await harness.settled())
                #expect(await workspace.ephemerals().filter { $0.user == "U05EXEC" }.count == 1)
                #expect(await workspace.ephemerals().allSatisfy { $0.user != "U04SRE" }, "a non-executive gets no note")
                #expect(await workspace.messages(inChannel: channel.id).count == before, "the channel is not told")
            }
        }
    }

    @Test func nobodyCheckingInWithinTheTargetGetsTheRespondersAskedAgainOnce() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot(configuration: Self.configuration(checkIn: "2s")) { bot in
                _ = try await bot.command("declare SEV1 checkout Card payments failing", user: "U01PAYLEAD")
                #expect(await DeclareFlowTests.waitForDelivery(harness))
                let channel = try #require(await workspace.channel(named: Self.channelName))
                let exec = try #require(await workspace.channel(named: "exec-incidents"))
                let followUp = ":rotating_light: Nobody has checked in on #1 yet"
                #expect(await harness.eventually { await $0.messages(inChannel: channel.id).contains { $0.text.hasPrefix(followUp) } })
                let message = try #require(await workspace.messages(inChannel: channel.id).first { $0.text.hasPrefix(followUp) })
                // The service's responders, the user group expanded.
                for user in ["U01PAYLEAD", "U02ONCALL1", "U03ONCALL2"] { #expect(message.text.contains("<@\(user)>"), "\(message.text)") }
                #expect(await harness.eventually { await $0.messages(inChannel: exec.id).contains {
                    $0.text.hasPrefix(":hourglass: Nobody has checked in on #1 within the SEV1 target of 2 seconds") && $0.threadTS != nil
                } })

                // Raising the severity sets another alarm (SEV0's target passed long ago): the follow-up is not repeated.
                _ = try await bot.command("severity SEV0", user: "U01PAYLEAD", channel: channel.id)
                #expect(try await harness.settled())
                #expect(await workspace.messages(inChannel: channel.id).filter { $0.text.hasPrefix(followUp) }.count == 1)
                #expect(await workspace.messages(inChannel: exec.id).filter { $0.text.contains("Nobody has checked in") }.count == 1)
            }
            // After a restart, too.
            try await harness.withBot(configuration: Self.configuration(checkIn: "2s")) { _ in
                let settled = try await harness.settled()
                #expect(settled)
            }
            let channel = try #require(await workspace.channel(named: Self.channelName))
            #expect(await workspace.messages(inChannel: channel.id).filter { $0.text.contains("Nobody has checked in") }.count == 1)
        }
    }

    @Test func aCheckInInTimeMeansNoFollowUpAndThePostmortemShowsEachRespondersTime() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot(configuration: Self.configuration(checkIn: "8s")) { bot in
                _ = try await bot.command("declare SEV1 checkout Card payments failing", user: "U01PAYLEAD")
                #expect(await harness.eventually { await $0.channel(named: Self.channelName)?.members.contains("U02ONCALL1") == true })
                let channel = try #require(await workspace.channel(named: Self.channelName))
                _ = try await bot.command("checkin", user: "U02ONCALL1", channel: channel.id)
                // The alarm goes off at 8 s and finds the check-in.
                #expect(await harness.eventually(timeout: .seconds(40)) { _ in
                    guard let store = try? AppDatabase(path: harness.databasePath),
                          let entries = try? await store.outboxEntries(incident: 1) else { return false }
                    return entries.contains { if case .alarm = $0.effect { $0.status == .done } else { false } }
                })
                #expect(try await harness.settled())
                #expect(await workspace.messages(inChannel: channel.id).allSatisfy { !$0.text.contains("Nobody has checked in") })
                let draft = try await bot.command("postmortem", user: "U01PAYLEAD", channel: channel.id)
                #expect(draft.text.contains("Each responder, from their invitation to their check-in:"), "\(draft.text)")
                #expect(draft.text.contains("- @U02ONCALL1: "), "\(draft.text)")
                #expect(draft.text.contains("(invited "), "the group member's invitation is known: \(draft.text)")
            }
        }
    }

    @Test func aResolvedIncidentsChannelIsArchivedAfterALastMessage() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot(configuration: Self.configuration(archiveAfter: "2s")) { bot in
                _ = try await bot.command("declare SEV1 checkout Card payments failing", user: "U01PAYLEAD")
                #expect(await DeclareFlowTests.waitForDelivery(harness))
                let channel = try #require(await workspace.channel(named: Self.channelName))
                _ = try await bot.command("resolve Rolled back", user: "U01PAYLEAD", channel: channel.id)
                #expect(await harness.eventually { await $0.channel(id: channel.id)?.isArchived == true })
                let last = try #require(await workspace.messages(inChannel: channel.id).last)
                #expect(last.text.hasPrefix(":file_cabinet: #1 resolved 2 seconds ago, so this channel is being archived now"), "\(last.text)")
                #expect(last.text.contains("`tocsin postmortem 1`"))
                let archive = await workspace.calls().filter { $0.method == "conversations.archive" }
                #expect(archive.count == 1)
                #expect(archive.first?.params["channel"] == channel.id)

                // Reopened after the archive: the rings hear it; Slack does not let a bot unarchive, so the reply says how.
                let reopened = try await bot.command("reopen It is back", user: "U01PAYLEAD", channel: channel.id)
                #expect(reopened.text.contains("was archived after it resolved, and Slack does not let a bot unarchive a channel"), "\(reopened.text)")
                #expect(try await harness.settled())
                #expect(await workspace.calls().allSatisfy { !($0.method == "chat.postMessage" && $0.params["channel"] == channel.id && $0.error == "is_archived") })
            }
        }
    }

    @Test func aReopenBeforeTheArchiveKeepsTheChannelOpen() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot(configuration: Self.configuration(archiveAfter: "2s")) { bot in
                _ = try await bot.command("declare SEV1 checkout Card payments failing", user: "U01PAYLEAD")
                #expect(await DeclareFlowTests.waitForDelivery(harness))
                let channel = try #require(await workspace.channel(named: Self.channelName))
                _ = try await bot.command("resolve Rolled back", user: "U01PAYLEAD", channel: channel.id)
                let reopened = try await bot.command("reopen Not fixed", user: "U01PAYLEAD", channel: channel.id)
                #expect(reopened.text.hasPrefix("#1 is active again"))
                // The archive's alarm goes off and finds the incident active.
                #expect(await harness.eventually { _ in
                    guard let store = try? AppDatabase(path: harness.databasePath),
                          let entries = try? await store.outboxEntries(incident: 1) else { return false }
                    return entries.contains { entry in
                        if case .alarm(let alarm) = entry.effect, case .archive = alarm.purpose { entry.status == .done } else { false }
                    }
                })
                #expect(try await harness.settled())
                #expect(await workspace.channel(id: channel.id)?.isArchived == false)
                #expect(await workspace.calls().allSatisfy { $0.method != "conversations.archive" })
                #expect(await workspace.messages(inChannel: channel.id).allSatisfy { !$0.text.contains("archived now") })
            }
        }
    }
}
