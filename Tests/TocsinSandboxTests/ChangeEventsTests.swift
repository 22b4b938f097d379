import Foundation
import Testing

@testable import TocsinSandbox

/// Edits, deletions, other integrations' posts, `ssl_check` and `response_url` replies, as Slack does them.
@Suite("Change events and replies")
struct ChangeEventsTests {
    static let secret = ConsoleTests.secret
    static let jsonHeaders = ["Content-Type": "application/json"]

    /// The Events API deliveries the fake bot received, parsed.
    static func events(_ bot: FakeBot) async throws -> [JSON] {
        try await bot.received.filter { $0.path == "/slack/events" }.map { try JSONParser.parse($0.body) }
    }

    @Test func editsAndDeletionsBecomeHiddenMessageSubtypeEvents() async throws {
        try await FakeBot.with(secret: Self.secret, commandReply: "{}") { bot, botPort in
            try await Sandbox.with(botCommandURL: "http://127.0.0.1:\(botPort)/slack/commands", signingSecret: Self.secret) { sandbox in
                let payments = try #require(await sandbox.workspace.channel(named: "payments"))
                _ = try await sandbox.call("conversations.join", ["channel": payments.id])
                let posted = try await sandbox.send(
                    path: "/sandbox/command", body: #"{"user":"omar","channel":"payments","text":"p99 is up"}"#, headers: Self.jsonHeaders)
                let ts = try #require(posted["ts"]?.stringValue)

                // Only the author may edit.
                let refused = try await sandbox.send(
                    path: "/sandbox/edit", body: #"{"user":"erin","channel":"payments","ts":"\#(ts)","text":"hijacked"}"#, headers: Self.jsonHeaders)
                #expect(refused["ok"] == .bool(false))

                let edited = try await sandbox.send(
                    path: "/sandbox/edit", body: #"{"user":"omar","channel":"payments","ts":"\#(ts)","text":"p99 is up, see https://grafana.example.com/d/x"}"#,
                    headers: Self.jsonHeaders)
                #expect(edited["event_status"] == 200, "\(edited.body)")
                let changed = try #require(try await Self.events(bot).last?["event"])
                #expect(changed["type"] == "message")
                #expect(changed["subtype"] == "message_changed")
                #expect(changed["hidden"] == .bool(true))
                #expect(changed["channel"] == .string(payments.id))
                #expect(changed["message"]?["ts"] == .string(ts))
                #expect(changed["message"]?["user"] == "U02ONCALL1")
                #expect(changed["message"]?["text"] == "p99 is up, see <https://grafana.example.com/d/x>", "the edit is composed like any message: a typed URL is a link")
                #expect(changed["message"]?["edited"]?["user"] == "U02ONCALL1")
                #expect(changed["previous_message"]?["text"] == "p99 is up")
                #expect(changed["ts"] != .string(ts))
                #expect(await sandbox.workspace.messages(inChannel: payments.id).first?.edited == true)

                let deleted = try await sandbox.send(
                    path: "/sandbox/delete", body: #"{"user":"omar","channel":"payments","ts":"\#(ts)"}"#, headers: Self.jsonHeaders)
                #expect(deleted["event_status"] == 200, "\(deleted.body)")
                let gone = try #require(try await Self.events(bot).last?["event"])
                #expect(gone["subtype"] == "message_deleted")
                #expect(gone["hidden"] == .bool(true))
                #expect(gone["deleted_ts"] == .string(ts))
                #expect(gone["previous_message"]?["text"] == "p99 is up, see <https://grafana.example.com/d/x>")
                #expect(gone["message"] == nil)
                #expect(await sandbox.workspace.messages(inChannel: payments.id).isEmpty)
                #expect(try await Self.events(bot).count == 3)
            }
        }
    }

    @Test func anotherIntegrationPostsABotMessageWithoutAUser() async throws {
        try await FakeBot.with(secret: Self.secret, commandReply: "{}") { bot, botPort in
            try await Sandbox.with(botCommandURL: "http://127.0.0.1:\(botPort)/slack/commands", signingSecret: Self.secret) { sandbox in
                let payments = try #require(await sandbox.workspace.channel(named: "payments"))
                _ = try await sandbox.call("conversations.join", ["channel": payments.id])
                let posted = try await sandbox.send(
                    path: "/sandbox/integration", body: #"{"name":"Grafana","channel":"payments","text":"Alert firing: https://grafana.example.com/d/y"}"#,
                    headers: Self.jsonHeaders)
                #expect(posted["event_status"] == 200, "\(posted.body)")
                let event = try #require(try await Self.events(bot).last?["event"])
                #expect(event["type"] == "message")
                #expect(event["subtype"] == "bot_message")
                #expect(event["bot_id"] == "B0GRAFANA")
                #expect(event["username"] == "Grafana")
                #expect(event["user"] == nil)
                #expect(event["channel"] == .string(payments.id))
                #expect(event["text"] == "Alert firing: https://grafana.example.com/d/y")
                let history = try await sandbox.call("conversations.history", ["channel": payments.id])
                let message = try #require(history["messages"]?.arrayValue?.first)
                #expect(message["subtype"] == "bot_message")
                #expect(message["user"] == nil)
            }
        }
    }

    @Test func sslCheckIsPostedUnsignedToTheCommandURL() async throws {
        try await FakeBot.with(secret: Self.secret, commandReply: "{}") { bot, botPort in
            try await Sandbox.with(botCommandURL: "http://127.0.0.1:\(botPort)/slack/commands", signingSecret: Self.secret) { sandbox in
                let answer = try await sandbox.send(path: "/sandbox/ssl-check", body: "", headers: Self.jsonHeaders)
                // The fake bot verifies signatures and so refuses it; Tocsin must not.
                #expect(answer["status"] == 401)
                let request = try #require(await bot.received.first)
                #expect(request.path == "/slack/commands")
                #expect(request.timestamp == nil)
                #expect(FakeBot.fields(request.body) == ["ssl_check": "1", "token": CommandConsole.verificationToken])
            }
        }
    }

    @Test func anEphemeralResponseURLReplyToAClickReachesOnlyTheClicker() async throws {
        try await FakeBot.with(secret: Self.secret, commandReply: "{}") { bot, botPort in
            try await Sandbox.with(botCommandURL: "http://127.0.0.1:\(botPort)/slack/commands", signingSecret: Self.secret) { sandbox in
                let id = try await sandbox.createChannel("inc-11-checkout")
                let posted = try await sandbox.call("chat.postMessage", ["channel": id, "text": "SEV1", "blocks": MessagesTests.blocks])
                let ts = try #require(posted["ts"]?.stringValue)
                _ = try await sandbox.send(
                    path: "/sandbox/action",
                    body: #"{"user":"U02ONCALL1","channel":"\#(id)","message_ts":"\#(ts)","block_index":0,"action_id":"ack"}"#,
                    headers: Self.jsonHeaders)
                let click = try #require(await bot.received.first)
                let payload = try JSONParser.parse(try #require(FakeBot.fields(click.body)["payload"]))
                let responseURL = try #require(payload["response_url"]?.stringValue)
                #expect(responseURL.hasPrefix(sandbox.baseURL + "/sandbox/response/"))

                let reply = try await sandbox.send(
                    path: String(responseURL.dropFirst(sandbox.baseURL.count)),
                    body: #"{"response_type":"ephemeral","replace_original":false,"text":"You already checked in."}"#, headers: Self.jsonHeaders)
                #expect(reply.status == 200)
                #expect(reply.body == "ok")
                #expect(reply.headers["content-type"]?.hasPrefix("text/plain") == true)
                let ephemerals = await sandbox.workspace.ephemerals()
                #expect(ephemerals.map(\.user) == ["U02ONCALL1"])
                #expect(ephemerals.first?.channelID == id)
                #expect(ephemerals.first?.text == "You already checked in.")
                // The clicked message is left as it was, and the state shows the reply to the clicker only.
                #expect(await sandbox.workspace.messages(inChannel: id).map(\.text) == ["SEV1"])
                let state = try await sandbox.send(path: "/sandbox/state", method: "GET", body: nil)
                #expect(state["ephemerals"]?.arrayValue?.map { $0["user"] } == ["U02ONCALL1"])
            }
        }
    }
}
