import Foundation
import Testing

@testable import TocsinSandbox

/// `conversations.open` as Slack answers it: a 1:1 conversation the bot can post in, listed nowhere a channel is.
@Suite("Direct messages")
struct DirectMessagesTests {
    @Test func openingADirectMessageAnswersTheSameConversationEachTime() async throws {
        try await Sandbox.with { sandbox in
            let first = try await sandbox.call("conversations.open", ["users": "U02ONCALL1"])
            #expect(first.ok, "\(first.body)")
            let id = try #require(first.json?["channel"]?["id"]?.stringValue)
            #expect(id.hasPrefix("D"))
            #expect(first.json?["already_open"] == nil)

            let again = try await sandbox.call("conversations.open", ["users": "U02ONCALL1", "return_im": "true"])
            #expect(again.json?["channel"]?["id"]?.stringValue == id)
            #expect(again.json?["already_open"] == .bool(true))
            #expect(again.json?["no_op"] == .bool(true))
            #expect(again.json?["channel"]?["is_im"] == .bool(true))
            #expect(again.json?["channel"]?["user"]?.stringValue == "U02ONCALL1")

            let posted = try await sandbox.call("chat.postMessage", ["channel": id, "text": "You are the scribe"])
            #expect(posted.ok, "\(posted.body)")
            #expect(await sandbox.workspace.directMessages(with: "U02ONCALL1").map(\.text) == ["You are the scribe"])
            #expect(await sandbox.workspace.directMessages(with: "U03ONCALL2").isEmpty)

            let listed = try await sandbox.call("conversations.list", ["types": "public_channel,private_channel"])
            #expect(listed.json?["channels"]?.arrayValue?.contains { $0["id"]?.stringValue == id } == false, "a DM is not a channel")
        }
    }

    @Test(arguments: [
        ([String: String](), "users_list_not_supplied"),
        (["users": "U0NOBODY"], "user_not_found"),
        (["users": "U0TOCSIN"], "user_not_found"),
        (["users": "U02ONCALL1,U03ONCALL2"], "method_not_supported_for_channel_type"),
        (["users": "U1,U2,U3,U4,U5,U6,U7,U8,U9"], "too_many_users"),
        (["channel": "C0NOTADM"], "channel_not_found"),
    ])
    func badRequestsAreRefusedAsSlackDoes(form: [String: String], error: String) async throws {
        try await Sandbox.with { sandbox in
            let answer = try await sandbox.call("conversations.open", form)
            #expect(answer.status == 200)
            #expect(answer.error == error, "\(answer.body)")
        }
    }
}
