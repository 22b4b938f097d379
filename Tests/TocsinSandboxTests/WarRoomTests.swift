import Foundation
import Testing

@testable import TocsinSandbox

/// What keeping the war room small asks of the workspace, as Slack does it: joins announced as
/// `member_joined_channel`, ephemeral notes only to members, permalinks, and archived channels refusing posts.
@Suite("Joins, notes, permalinks and archives")
struct WarRoomTests {
    @Test func theBotsInvitationsAndPeopleJoiningAreAnnouncedAsJoins() async throws {
        try await Sandbox.with { sandbox in
            let (subscription, joins) = await sandbox.workspace.subscribeToJoins()
            let channel = try await sandbox.createChannel("inc-1-checkout")
            #expect(try await sandbox.call("conversations.invite", ["channel": channel, "users": "U01PAYLEAD,U02ONCALL1"]).ok)
            let general = try #require(await sandbox.workspace.channel(named: "general"))
            #expect(await sandbox.workspace.join(userID: "U05EXEC", channelID: channel) != nil)
            #expect(await sandbox.workspace.join(userID: "U05EXEC", channelID: channel) == nil, "already in it")
            await sandbox.workspace.unsubscribeFromJoins(subscription)
            var seen: [SandboxWorkspace.MemberJoin] = []
            for await join in joins { seen.append(join) }
            #expect(seen.map(\.userID) == ["U01PAYLEAD", "U02ONCALL1", "U05EXEC"])
            #expect(seen.map(\.inviter) == ["U0TOCSIN", "U0TOCSIN", nil])
            #expect(seen.allSatisfy { $0.channelID == channel && $0.botIsMember && !$0.isPrivate })
            #expect(general.id != channel)
        }
    }

    @Test func anEphemeralNoteGoesOnlyToAMember() async throws {
        try await Sandbox.with { sandbox in
            let channel = try await sandbox.createChannel("inc-2-search")
            let outsider = try await sandbox.call("chat.postEphemeral", ["channel": channel, "user": "U05EXEC", "text": "psst"])
            #expect(outsider.error == "user_not_in_channel")
            #expect(try await sandbox.call("conversations.invite", ["channel": channel, "users": "U05EXEC"]).ok)
            let note = try await sandbox.call("chat.postEphemeral", ["channel": channel, "user": "U05EXEC", "text": "psst"])
            #expect(note.ok)
            #expect(note["message_ts"]?.stringValue != nil)
            #expect(await sandbox.workspace.ephemerals().map(\.user) == ["U05EXEC"])
            #expect(await sandbox.workspace.messages(inChannel: channel).isEmpty, "nobody else sees it")
        }
    }

    @Test func aPermalinkNamesTheMessageAndItsThread() async throws {
        try await Sandbox.with { sandbox in
            let channel = try await sandbox.createChannel("exec-room")
            let root = try #require(try await sandbox.post(channel, "root")["ts"]?.stringValue)
            let reply = try #require(try await sandbox.post(channel, "reply", threadTS: root)["ts"]?.stringValue)
            let rootLink = try await sandbox.call("chat.getPermalink", ["channel": channel, "message_ts": root])
            #expect(rootLink["permalink"]?.stringValue == "https://tocsin-sandbox.slack.com/archives/\(channel)/p\(root.replacingOccurrences(of: ".", with: ""))")
            let replyLink = try await sandbox.call("chat.getPermalink", ["channel": channel, "message_ts": reply])
            #expect(replyLink["permalink"]?.stringValue?.hasSuffix("?thread_ts=\(root)&cid=\(channel)") == true)
            #expect(try await sandbox.call("chat.getPermalink", ["channel": channel, "message_ts": "1.000001"]).error == "message_not_found")
            #expect(try await sandbox.call("chat.getPermalink", ["channel": "C0NOPE", "message_ts": root]).error == "channel_not_found")
        }
    }

    @Test func anArchivedChannelTakesNoMorePostsAndIsArchivedOnce() async throws {
        try await Sandbox.with { sandbox in
            let channel = try await sandbox.createChannel("inc-3-reports")
            #expect(try await sandbox.call("conversations.archive", ["channel": channel]).ok)
            #expect(try await sandbox.call("conversations.archive", ["channel": channel]).error == "already_archived")
            #expect(try await sandbox.post(channel, "anyone?").error == "is_archived")
            #expect(try await sandbox.call("chat.postEphemeral", ["channel": channel, "user": "U0TOCSIN", "text": "x"]).error == "is_archived")
            let general = try #require(await sandbox.workspace.channel(named: "general"))
            #expect(try await sandbox.call("conversations.join", ["channel": general.id]).ok)
            #expect(try await sandbox.call("conversations.archive", ["channel": general.id]).error == "cant_archive_general")
            let payments = try #require(await sandbox.workspace.channel(named: "payments"))
            #expect(try await sandbox.call("conversations.archive", ["channel": payments.id]).error == "not_in_channel")
        }
    }
}
