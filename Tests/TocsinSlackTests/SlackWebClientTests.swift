import Foundation
import Testing
import TocsinApp
import TocsinCore
@testable import TocsinSlack

/// `SlackWebClient` over real libcurl against `LoopbackHTTPServer`.
@Suite struct SlackWebClientTests {
    typealias Server = LoopbackHTTPServer

    @Test func identitySendsTheTokenOnlyInTheAuthorizationHeader() async throws {
        let server = try Server { _ in .json(#"{"ok":true,"url":"https://x.slack.com/","team":"T","user":"bot","team_id":"T12345678","user_id":"W12345678"}"#) }
        defer { server.stop() }
        let identity = try await TestSupport.client(for: server).identity()
        #expect(identity == BotIdentity(userID: "W12345678", teamID: "T12345678"))

        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/api/auth.test")
        #expect(request.header("Authorization") == "Bearer \(TestSupport.token)")
        #expect(request.header("Content-Type") == "application/x-www-form-urlencoded")
        #expect(!request.bodyText.contains(TestSupport.token))
        #expect(!request.path.contains("token"))
    }

    @Test func createChannelIsAFormPostAndReadsTheChannel() async throws {
        let examples = try #require(JSONSerializationHelper.object(SlackFixtures.webApiResponseExamples))
        let created = JSONSerializationHelper.data((examples["conversations.create"] as? [String: Any])?["200_ok"] ?? [:])
        let server = try Server { _ in Server.Response(status: 200, headers: [("Content-Type", "application/json")], body: created) }
        defer { server.stop() }
        let channel = try await TestSupport.client(for: server).createChannel(named: "inc-42-checkout-card-declines")
        #expect(channel == ChannelInfo(id: "C0EAQDV4Z", name: "endeavor", creator: "U0123456"))
        let request = try #require(server.requests.first)
        #expect(request.apiMethod == "conversations.create")
        #expect(TestSupport.form(request) == ["name": "inc-42-checkout-card-declines"])
    }

    @Test func postMessageIsJSONWithBlocksAndReturnsTheTS() async throws {
        let server = try Server { _ in .json(#"{"ok":true,"channel":"C1H9RESGL","ts":"1503435956.000247","message":{"text":"x"}}"#) }
        defer { server.stop() }
        let message = OutgoingMessage(
            text: "SEV1: card declines", sections: ["*SEV1*"],
            buttons: [MessageButton(actionID: "ack", text: "Ack", value: "INC-1")], threadTS: "1503435000.000100")
        let ts = try await TestSupport.client(for: server).postMessage(message, channelID: "C1H9RESGL")
        #expect(ts == "1503435956.000247")

        let request = try #require(server.requests.first)
        #expect(request.apiMethod == "chat.postMessage")
        #expect(request.header("Content-Type") == "application/json; charset=utf-8")
        #expect(request.header("Authorization") == "Bearer \(TestSupport.token)")
        let json = try TestSupport.jsonObject(request.body)
        #expect(json["token"] == nil)
        #expect(json["channel"] as? String == "C1H9RESGL")
        #expect(json["text"] as? String == "SEV1: card declines")
        #expect(json["thread_ts"] as? String == "1503435000.000100")
        #expect((json["blocks"] as? [Any])?.count == 2)
    }

    @Test func updateMessageIsJSONWithTheTS() async throws {
        let server = try Server { _ in .json(#"{"ok":true,"channel":"C1","ts":"1.2","text":"x"}"#) }
        defer { server.stop() }
        try await TestSupport.client(for: server).updateMessage(OutgoingMessage(text: "resolved"), channelID: "C1", ts: "1.2")
        let request = try #require(server.requests.first)
        #expect(request.apiMethod == "chat.update")
        #expect(request.header("Content-Type") == "application/json; charset=utf-8")
        let json = try TestSupport.jsonObject(request.body)
        #expect(json["ts"] as? String == "1.2")
        #expect(json["channel"] as? String == "C1")
    }

    @Test func joinAndSetTopicAreFormPosts() async throws {
        let server = try Server { _ in .json(#"{"ok":true,"channel":{"id":"C1","name":"x"}}"#) }
        defer { server.stop() }
        let client = TestSupport.client(for: server)
        try await client.joinChannel(id: "C1")
        try await client.setTopic(String(repeating: "t", count: 300), channelID: "C1")
        let requests = server.requests
        #expect(requests.map(\.apiMethod) == ["conversations.join", "conversations.setTopic"])
        #expect(TestSupport.form(requests[0]) == ["channel": "C1"])
        let topic = try #require(TestSupport.form(requests[1])["topic"])
        #expect(topic.count == 250)
    }

    /// Channel objects as `conversations.list` documents them: archived, private and membership flags read.
    @Test func findChannelSaysWhetherTheChannelIsArchivedPrivateOrJoined() async throws {
        let server = try Server { _ in
            .json("""
            {"ok":true,"channels":[
              {"id":"C1","name":"payments","is_channel":true,"is_archived":true,"is_private":false,"is_member":false,"creator":"U1"},
              {"id":"C2","name":"exec-incidents","is_channel":true,"is_archived":false,"is_private":true,"is_member":true,"creator":"U2"},
              {"id":"C3","name":"incidents","is_channel":true,"is_archived":false,"is_private":false,"is_member":false}],
             "response_metadata":{"next_cursor":""}}
            """)
        }
        defer { server.stop() }
        let client = TestSupport.client(for: server)
        let payments = try #require(try await client.findChannel(named: "payments"))
        #expect(payments.isArchived && !payments.isPrivate && !payments.isMember)
        let exec = try #require(try await client.findChannel(named: "exec-incidents"))
        #expect(!exec.isArchived && exec.isPrivate && exec.isMember)
        let incidents = try #require(try await client.findChannel(named: "incidents"))
        #expect(!incidents.isArchived && !incidents.isPrivate && !incidents.isMember)
        #expect(try await client.findChannel(named: "random") == nil)
    }

    @Test func findChannelFollowsTheCursor() async throws {
        let server = try Server { request in
            let form = TestSupport.form(request)
            switch form["cursor"] {
            case nil:
                return .json(#"{"ok":true,"channels":[{"id":"C1","name":"general"},{"id":"C2","name":"random"}],"response_metadata":{"next_cursor":"dGVhbTpDMDYx"}}"#)
            case "dGVhbTpDMDYx":
                return .json(#"{"ok":true,"channels":[{"id":"C3","name":"exec-incidents","creator":"U9"}],"response_metadata":{"next_cursor":""}}"#)
            default:
                return .json(#"{"ok":false,"error":"invalid_cursor"}"#)
            }
        }
        defer { server.stop() }
        let client = TestSupport.client(for: server)
        let found = try await client.findChannel(named: "exec-incidents")
        #expect(found?.info == ChannelInfo(id: "C3", name: "exec-incidents", creator: "U9"))
        let first = TestSupport.form(server.requests[0])
        // Private channels the bot was invited to are ring channels too (groups:read).
        #expect(first["types"] == "public_channel,private_channel")
        #expect(first["exclude_archived"] == "false")
        #expect(first["limit"] == "200")
        #expect(server.requests.count == 2)

        #expect(try await client.findChannel(named: "nowhere") == nil)
        #expect(server.requests.count == 4)
    }

    @Test func findChannelStopsOnARepeatedCursor() async throws {
        let server = try Server { _ in .json(#"{"ok":true,"channels":[],"response_metadata":{"next_cursor":"same"}}"#) }
        defer { server.stop() }
        #expect(try await TestSupport.client(for: server).findChannel(named: "x") == nil)
        #expect(server.requests.count == 2)
    }

    @Test func userGroupMembersLooksUpTheHandle() async throws {
        let server = try Server { request in
            switch request.apiMethod {
            case "usergroups.list":
                return .json(#"{"ok":true,"usergroups":[{"id":"S1","handle":"db-oncall","name":"DB"},{"id":"S2","handle":"payments-oncall","name":"Payments"}]}"#)
            case "usergroups.users.list" where TestSupport.form(request)["usergroup"] == "S2":
                return .json(#"{"ok":true,"users":["U1","U2"]}"#)
            default:
                return .json(#"{"ok":false,"error":"no_such_subteam"}"#)
            }
        }
        defer { server.stop() }
        let client = TestSupport.client(for: server)
        #expect(try await client.userGroupMembers(handle: "payments-oncall") == ["U1", "U2"])
        #expect(try await client.userGroupMembers(handle: "@payments-oncall") == ["U1", "U2"])
        await #expect(throws: ChatError.permanent("usergroup_not_found")) {
            try await client.userGroupMembers(handle: "nobody")
        }
    }

    @Test func secondCallReusesTheTCPConnection() async throws {
        let server = try Server { _ in .json(#"{"ok":true,"team_id":"T1","user_id":"U1"}"#) }
        defer { server.stop() }
        let client = TestSupport.client(for: server)
        _ = try await client.identity()
        _ = try await client.identity()
        _ = try await client.joinChannel(id: "C1")
        let requests = server.requests
        #expect(requests.count == 3)
        #expect(Set(requests.map(\.connectionID)).count == 1)
        #expect(server.connectionCount == 1)
    }
}
