import Foundation
import Testing

@testable import TocsinSandbox

@Suite("Messages and threads")
struct MessagesTests {
    static let blocks = #"[{"type":"section","text":{"type":"mrkdwn","text":"*SEV1* checkout"},"accessory":{"type":"button","text":{"type":"plain_text","text":"Ack"},"action_id":"ack","value":"INC-1"}}]"#

    @Test func postMessageNeedsMembershipAndContent() async throws {
        try await Sandbox.with { sandbox in
            let payments = try #require(await sandbox.workspace.channel(named: "payments"))
            #expect(try await sandbox.post(payments.id, "hi").error == "not_in_channel")
            #expect(try await sandbox.post("#payments", "hi").error == "not_in_channel")
            #expect(try await sandbox.post("C0NOPE", "hi").error == "channel_not_found")
            #expect(try await sandbox.call("chat.postMessage", ["text": "hi"]).error == "channel_not_found")
            let id = try await sandbox.createChannel("inc-4")
            #expect(try await sandbox.call("chat.postMessage", ["channel": id]).error == "no_text")
            #expect(try await sandbox.call("chat.postMessage", ["channel": id, "blocks": "[]"]).error == "no_text")
            #expect(try await sandbox.call("chat.postMessage", ["channel": id, "blocks": "{"]).error == "invalid_blocks_format")
            #expect(try await sandbox.call("chat.postMessage", ["channel": id, "blocks": #"[{"text":"x"}]"#]).error == "invalid_blocks")
            #expect(try await sandbox.call("chat.postMessage", ["channel": id, "blocks": #"[{"type":"bogus"}]"#]).error == "invalid_blocks")
            #expect(
                try await sandbox.call("chat.postMessage", ["channel": id, "text": "x", "metadata": #"{"event_type":"a"}"#]).error
                    == "invalid_metadata_schema"
            )
            #expect(await sandbox.workspace.messages(inChannel: id).isEmpty)
            // By name, with or without '#', once the bot is a member.
            #expect(try await sandbox.post("inc-4", "by name").ok)
            let byHash = try await sandbox.post("#inc-4", "by hash")
            #expect(byHash["channel"] == .string(id))
        }
    }

    @Test func postUpdateHistoryAndReplies() async throws {
        try await Sandbox.with { sandbox in
            let id = try await sandbox.createChannel("inc-5-checkout")
            let root = try await sandbox.callJSON(
                "chat.postMessage",
                #"{"channel":"\#(id)","text":"SEV1 declared","blocks":\#(Self.blocks),"metadata":{"event_type":"incident_declared","event_payload":{"id":"INC-5"}}}"#
            )
            #expect(root.ok, "\(root.body)")
            let rootTS = try #require(root["ts"]?.stringValue)
            #expect(root["channel"] == .string(id))
            #expect(root["message"]?["bot_id"] == "B0TOCSIN")
            #expect(root["message"]?["user"] == "U0TOCSIN")
            #expect(root["message"]?["blocks"]?.arrayValue?.count == 1)
            #expect(root["message"]?["metadata"]?["event_type"] == "incident_declared")

            let reply1 = try await sandbox.post(id, "Investigating", threadTS: rootTS)
            let reply2 = try await sandbox.post(id, "Identified", threadTS: rootTS)
            let second = try await sandbox.post(id, "Another root")
            #expect(reply1["message"]?["thread_ts"] == .string(rootTS))
            let timestamps = [rootTS] + [reply1, reply2, second].compactMap { $0["ts"]?.stringValue }
            #expect(timestamps.count == 4)
            #expect(timestamps == timestamps.sorted())
            #expect(Set(timestamps).count == 4)
            #expect(timestamps.allSatisfy { $0.wholeMatch(of: /\d{10}\.\d{6}/) != nil })

            let stored = await sandbox.workspace.messages(inChannel: id)
            #expect(stored.map(\.text) == ["SEV1 declared", "Investigating", "Identified", "Another root"])
            #expect(stored[0].blocksJSON == Self.blocks)
            #expect(stored[0].metadataJSON == #"{"event_type":"incident_declared","event_payload":{"id":"INC-5"}}"#)
            #expect(stored[1].threadTS == rootTS)
            #expect(stored[0].threadTS == nil)

            let history = try await sandbox.call("conversations.history", ["channel": id])
            let messages = try #require(history["messages"]?.arrayValue)
            #expect(messages.map { $0["text"]?.stringValue } == ["Another root", "SEV1 declared"])
            #expect(messages[1]["reply_count"] == 2)
            #expect(messages[1]["thread_ts"] == .string(rootTS))
            #expect(messages[1]["type"] == "message")
            #expect(messages[1]["metadata"] == nil)
            #expect(history["has_more"] == .bool(false))
            let withMetadata = try await sandbox.call("conversations.history", ["channel": id, "include_all_metadata": "true"])
            #expect(withMetadata["messages"]?.arrayValue?[1]["metadata"]?["event_payload"]?["id"] == "INC-5")
            let limited = try await sandbox.call("conversations.history", ["channel": id, "limit": "1"])
            #expect(limited["has_more"] == .bool(true))
            let cursor = try #require(limited["response_metadata"]?["next_cursor"]?.stringValue)
            let next = try await sandbox.call("conversations.history", ["channel": id, "limit": "1", "cursor": cursor])
            #expect(next["messages"]?.arrayValue?.first?["ts"] == .string(rootTS))
            let oldest = try await sandbox.call("conversations.history", ["channel": id, "oldest": rootTS])
            #expect(oldest["messages"]?.arrayValue?.count == 1)

            let replies = try await sandbox.call("conversations.replies", ["channel": id, "ts": rootTS])
            #expect(replies["messages"]?.arrayValue?.map { $0["text"]?.stringValue } == ["SEV1 declared", "Investigating", "Identified"])
            let fromReply = try await sandbox.call("conversations.replies", ["channel": id, "ts": reply1["ts"]!.stringValue!])
            #expect(fromReply["messages"]?.arrayValue?.count == 3)
            #expect(try await sandbox.call("conversations.replies", ["channel": id, "ts": "1.000001"]).error == "thread_not_found")

            // chat.update: text and blocks replaced; omitting blocks while sending text removes them (docs.slack.dev).
            let updated = try await sandbox.call(
                "chat.update", ["channel": id, "ts": rootTS, "text": "SEV1 mitigated", "blocks": Self.blocks]
            )
            #expect(updated.ok, "\(updated.body)")
            #expect(updated["ts"] == .string(rootTS))
            #expect(updated["text"] == "SEV1 mitigated")
            #expect(updated["message"]?["edited"]?["user"] == "U0TOCSIN")
            var message = try #require(await sandbox.workspace.messages(inChannel: id).first)
            #expect(message.edited && message.text == "SEV1 mitigated" && message.blocksJSON == Self.blocks)
            #expect(message.metadataJSON != nil)
            _ = try await sandbox.call("chat.update", ["channel": id, "ts": rootTS, "blocks": "[]"])
            message = try #require(await sandbox.workspace.messages(inChannel: id).first)
            #expect(message.blocksJSON == nil && message.text == "SEV1 mitigated")
            _ = try await sandbox.call("chat.update", ["channel": id, "ts": rootTS, "blocks": Self.blocks])
            _ = try await sandbox.call("chat.update", ["channel": id, "ts": rootTS, "text": "text only"])
            message = try #require(await sandbox.workspace.messages(inChannel: id).first)
            #expect(message.blocksJSON == nil && message.text == "text only")
            let cleared = try await sandbox.call("chat.update", ["channel": id, "ts": rootTS, "text": "text only", "metadata": "{}"])
            #expect(cleared.ok, "\(cleared.body)")
            #expect(await sandbox.workspace.messages(inChannel: id).first?.metadataJSON == nil)
        }
    }

    @Test func updateErrors() async throws {
        try await Sandbox.with { sandbox in
            let id = try await sandbox.createChannel("inc-6")
            let ts = try #require(try await sandbox.post(id, "hello")["ts"]?.stringValue)
            #expect(try await sandbox.call("chat.update", ["channel": id, "ts": "1.000001", "text": "x"]).error == "message_not_found")
            #expect(try await sandbox.call("chat.update", ["channel": id, "text": "x"]).error == "message_not_found")
            #expect(try await sandbox.call("chat.update", ["channel": id, "ts": ts]).error == "no_text")
            let long = String(repeating: "y", count: 4001)
            #expect(try await sandbox.call("chat.update", ["channel": id, "ts": ts, "text": long]).error == "msg_too_long")
            // A person's message cannot be edited by the bot.
            _ = try await sandbox.call("conversations.invite", ["channel": id, "users": "U04SRE"])
            let theirs = try #require(await sandbox.workspace.postAsUser("U04SRE", channelID: id, text: "mine", threadTS: nil))
            #expect(try await sandbox.call("chat.update", ["channel": id, "ts": theirs.ts, "text": "x"]).error == "cant_update_message")
            #expect(await sandbox.workspace.messages(inChannel: id).map(\.text) == ["hello", "mine"])
        }
    }

    @Test func longTextIsTruncated() async throws {
        try await Sandbox.with { sandbox in
            let id = try await sandbox.createChannel("inc-long")
            let answer = try await sandbox.post(id, String(repeating: "z", count: 40_010))
            #expect(answer.ok)
            #expect(await sandbox.workspace.messages(inChannel: id).first?.text.count == 40_000)
        }
    }

    @Test func historyNeedsMembership() async throws {
        try await Sandbox.with { sandbox in
            let general = try #require(await sandbox.workspace.channel(named: "general"))
            #expect(try await sandbox.call("conversations.history", ["channel": general.id]).error == "not_in_channel")
            #expect(try await sandbox.call("conversations.history", ["channel": "C0NOPE"]).error == "channel_not_found")
        }
    }

    @Test func ephemeralPinsReactionsBookmarks() async throws {
        try await Sandbox.with { sandbox in
            let id = try await sandbox.createChannel("inc-8")
            _ = try await sandbox.call("conversations.invite", ["channel": id, "users": "U01PAYLEAD"])
            let ephemeral = try await sandbox.callJSON("chat.postEphemeral", #"{"channel":"\#(id)","user":"U01PAYLEAD","text":"only you"}"#)
            #expect(ephemeral["message_ts"]?.stringValue != nil)
            #expect(try await sandbox.call("chat.postEphemeral", ["channel": id, "user": "U05EXEC", "text": "x"]).error == "user_not_in_channel")
            #expect(await sandbox.workspace.ephemerals().map(\.text) == ["only you"])
            #expect(await sandbox.workspace.ephemerals().first?.user == "U01PAYLEAD")
            #expect(await sandbox.workspace.messages(inChannel: id).isEmpty)

            let ts = try #require(try await sandbox.post(id, "pin me")["ts"]?.stringValue)
            #expect(try await sandbox.call("pins.add", ["channel": id, "timestamp": ts]).ok)
            #expect(try await sandbox.call("pins.add", ["channel": id, "timestamp": ts]).error == "already_pinned")
            #expect(try await sandbox.call("pins.add", ["channel": id, "timestamp": "1.000001"]).error == "message_not_found")
            #expect(try await sandbox.call("pins.add", ["channel": id]).error == "no_item_specified")
            let general = try #require(await sandbox.workspace.channel(named: "general"))
            #expect(try await sandbox.call("pins.add", ["channel": general.id, "timestamp": ts]).error == "not_in_channel")

            #expect(try await sandbox.call("reactions.add", ["channel": id, "timestamp": ts, "name": "eyes"]).ok)
            #expect(try await sandbox.call("reactions.add", ["channel": id, "timestamp": ts, "name": "eyes"]).error == "already_reacted")
            #expect(try await sandbox.call("reactions.add", ["channel": id, "timestamp": ts, "name": ":eyes:"]).error == "invalid_name")
            #expect(try await sandbox.call("reactions.add", ["channel": id, "timestamp": "1.000001", "name": "x"]).error == "message_not_found")
            let message = try #require(await sandbox.workspace.messages(inChannel: id).first)
            #expect(message.isPinned)
            #expect(message.reactions == [SandboxReaction(name: "eyes", users: ["U0TOCSIN"])])

            let bookmark = try await sandbox.call(
                "bookmarks.add", ["channel_id": id, "title": "Dashboard", "type": "link", "link": "https://grafana.example/d/1"]
            )
            #expect(bookmark["bookmark"]?["title"] == "Dashboard")
            #expect(
                try await sandbox.call("bookmarks.add", ["channel_id": id, "title": "x", "type": "link", "link": "ftp://x"]).error
                    == "invalid_link"
            )
            #expect(await sandbox.workspace.bookmarks(inChannel: id).map(\.link) == ["https://grafana.example/d/1"])
        }
    }
}
