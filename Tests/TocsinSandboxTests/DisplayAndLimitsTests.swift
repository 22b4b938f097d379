import Foundation
import Testing

@testable import TocsinSandbox

/// What a person sees of a message, and the size limits Slack enforces on it (chat.postMessage, chat.update,
/// Block Kit section reference).
@Suite("Message display and limits")
struct DisplayAndLimitsTests {
    static func section(_ text: String) -> String {
        #"{"type":"section","text":{"type":"mrkdwn","text":"\#(text)"}}"#
    }

    static let retroButton = #"{"type":"actions","elements":[{"type":"button","text":{"type":"plain_text","text":"Retro survey"},"action_id":"retro","value":"1"}]}"#

    /// "If attachments or blocks are included, text will be used as fallback text for notifications only."
    @Test func aMessageWithBlocksShowsOnlyItsBlocks() async throws {
        try await Sandbox.with { sandbox in
            let id = try await sandbox.createChannel("inc-shown")
            let onlyButton = try await sandbox.call("chat.postMessage", ["channel": id, "text": "Incident 1 resolved", "blocks": "[\(Self.retroButton)]"])
            #expect(onlyButton.ok, "\(onlyButton.body)")
            let withWords = try await sandbox.call(
                "chat.postMessage", ["channel": id, "text": "fallback only", "blocks": "[\(Self.section("*Incident 1 resolved*")),\(Self.retroButton)]"]
            )
            #expect(withWords.ok, "\(withWords.body)")
            #expect(try await sandbox.post(id, "Plain words").ok)

            let messages = await sandbox.workspace.messages(inChannel: id)
            #expect(messages.map(\.text) == ["Incident 1 resolved", "fallback only", "Plain words"])
            #expect(messages.map(\.visibleText) == ["", "*Incident 1 resolved*", "Plain words"])
            #expect(messages.map(\.buttons) == [["Retro survey"], ["Retro survey"], []])
        }
    }

    @Test func anUpdateShowsWhatItsBlocksShow() async throws {
        try await Sandbox.with { sandbox in
            let id = try await sandbox.createChannel("inc-updated")
            let ts = try #require(try await sandbox.post(id, "Check in, please")["ts"]?.stringValue)
            let edited = try await sandbox.call(
                "chat.update", ["channel": id, "ts": ts, "text": "resolved", "blocks": "[\(Self.section("Resolved after 2 hours")),\(Self.section("Thanks"))]"]
            )
            #expect(edited.ok, "\(edited.body)")
            let message = try #require(await sandbox.workspace.messages(inChannel: id).first)
            #expect(message.visibleText == "Resolved after 2 hours\nThanks")
            #expect(message.buttons.isEmpty)
        }
    }

    /// A section's text is at most 3,000 characters and a message has at most 50 blocks; more is `invalid_blocks`.
    @Test func blockLimits() async throws {
        try await Sandbox.with { sandbox in
            let id = try await sandbox.createChannel("inc-blocks")
            let full = Self.section(String(repeating: "a", count: 3000))
            let over = Self.section(String(repeating: "a", count: 3001))
            #expect(try await sandbox.call("chat.postMessage", ["channel": id, "text": "t", "blocks": "[\(full)]"]).ok)
            #expect(try await sandbox.call("chat.postMessage", ["channel": id, "text": "t", "blocks": "[\(over)]"]).error == "invalid_blocks")
            let fifty = Array(repeating: Self.section("x"), count: 50).joined(separator: ",")
            #expect(try await sandbox.call("chat.postMessage", ["channel": id, "text": "t", "blocks": "[\(fifty)]"]).ok)
            #expect(try await sandbox.call("chat.postMessage", ["channel": id, "text": "t", "blocks": "[\(fifty),\(Self.section("y"))]"]).error == "invalid_blocks")
            let ts = try #require(await sandbox.workspace.messages(inChannel: id).first?.ts)
            #expect(try await sandbox.call("chat.update", ["channel": id, "ts": ts, "blocks": "[\(over)]"]).error == "invalid_blocks")
            #expect(await sandbox.workspace.messages(inChannel: id).count == 2)
        }
    }

    /// chat.update: "msg_too_long: The `text` field cannot exceed 4,000 characters" (docs.slack.dev), with or
    /// without blocks; chat.postMessage truncates text at 40,000 instead.
    @Test func updateTextLimitHoldsWithBlocksToo() async throws {
        try await Sandbox.with { sandbox in
            let id = try await sandbox.createChannel("inc-update-limit")
            let ts = try #require(try await sandbox.post(id, "root")["ts"]?.stringValue)
            let limit = String(repeating: "u", count: 4000)
            #expect(try await sandbox.call("chat.update", ["channel": id, "ts": ts, "text": limit]).ok)
            let over = limit + "u"
            #expect(try await sandbox.call("chat.update", ["channel": id, "ts": ts, "text": over]).error == "msg_too_long")
            #expect(try await sandbox.call("chat.update", ["channel": id, "ts": ts, "text": over, "blocks": "[\(Self.section("short"))]"]).error == "msg_too_long")
            #expect(await sandbox.workspace.messages(inChannel: id).first?.text == limit)
        }
    }
}
