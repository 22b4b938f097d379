import Crypto
import Foundation
import Hummingbird
import Logging
import Testing

@testable import TocsinSandbox

/// A stand-in for the bot: verifies Slack's signature on every request with swift-crypto and records it.
actor FakeBot {
    struct Received {
        var path: String
        var body: String
        var timestamp: String?
        var signatureValid: Bool
    }

    let secret: String
    private(set) var received: [Received] = []

    init(secret: String) {
        self.secret = secret
    }

    func receive(path: String, body: String, timestamp: String?, signature: String?) -> Bool {
        var valid = false
        if let timestamp, let signature, signature.hasPrefix("v0="), let mac = Self.bytes(hex: String(signature.dropFirst(3))),
            let seconds = Int(timestamp), abs(Int(Date().timeIntervalSince1970) - seconds) <= 300
        {
            valid = HMAC<SHA256>.isValidAuthenticationCode(
                mac, authenticating: Data("v0:\(timestamp):\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8))
            )
        }
        received.append(Received(path: path, body: body, timestamp: timestamp, signatureValid: valid))
        return valid
    }

    private static func bytes(hex: String) -> [UInt8]? {
        guard hex.count == 64 else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }

    /// Decodes a form body independently of the sandbox's own encoder.
    static func fields(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            fields[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return fields
    }

    /// Runs the bot on a free port; it answers commands with `commandReply` (JSON) and interactions with 200.
    static func with<T>(
        secret: String, commandReply: String, _ body: (FakeBot, Int) async throws -> T
    ) async throws -> T {
        let bot = FakeBot(secret: secret)
        let router = Router()
        for path in ["slack/commands", "slack/interactions", "slack/events"] {
            router.post(RouterPath(path)) { request, _ -> Response in
                var request = request
                let text = String(buffer: try await request.collectBody(upTo: 1 << 20))
                func header(_ name: String) -> String? {
                    request.headers.first { $0.name.canonicalName == name }?.value
                }
                let valid = await bot.receive(
                    path: "/" + path, body: text, timestamp: header("x-slack-request-timestamp"),
                    signature: header("x-slack-signature")
                )
                guard valid else {
                    return Response(status: .unauthorized, body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"error":"invalid request"}"#)))
                }
                guard path == "slack/commands" else { return Response(status: .ok) }
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: commandReply))
                )
            }
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "fake-bot")
        logger.logLevel = .warning
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: logger
        )
        let task = Task { try await app.run() }
        defer { task.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        return try await body(bot, port)
    }
}

@Suite("Command console")
struct ConsoleTests {
    static let secret = "8f742231b10e8888abcd99yyyzzz85a5"

    @Test func slashCommandIsSignedAndShapedLikeSlack() async throws {
        try await FakeBot.with(secret: Self.secret, commandReply: #"{"response_type":"ephemeral","text":"Declared INC-1"}"#) {
            bot, botPort in
            try await Sandbox.with(
                botCommandURL: "http://127.0.0.1:\(botPort)/slack/commands", signingSecret: Self.secret
            ) { sandbox in
                let general = try #require(await sandbox.workspace.channel(named: "general"))
                let answer = try await sandbox.send(
                    path: "/sandbox/command",
                    body: #"{"user":"U01PAYLEAD","channel":"\#(general.id)","text":"/incident declare SEV1 checkout Card payments failing"}"#,
                    headers: ["Content-Type": "application/json"]
                )
                #expect(answer.ok, "\(answer.body)")
                #expect(answer["reply"] == "Declared INC-1")
                #expect(answer["response_type"] == "ephemeral")

                let request = try #require(await bot.received.first)
                #expect(request.path == "/slack/commands")
                #expect(request.signatureValid)
                let names = request.body.split(separator: "&").map { String($0.split(separator: "=")[0]) }
                #expect(
                    names == [
                        "token", "team_id", "team_domain", "channel_id", "channel_name", "user_id", "user_name", "command",
                        "text", "api_app_id", "is_enterprise_install", "response_url", "trigger_id",
                    ]
                )
                #expect(request.body.contains("command=%2Fincident&"))
                let fields = FakeBot.fields(request.body)
                #expect(fields["team_id"] == "T0SANDBOX")
                #expect(fields["channel_id"] == general.id)
                #expect(fields["channel_name"] == "general")
                #expect(fields["user_id"] == "U01PAYLEAD")
                #expect(fields["user_name"] == "priya")
                #expect(fields["command"] == "/incident")
                #expect(fields["text"] == "declare SEV1 checkout Card payments failing")
                #expect(fields["is_enterprise_install"] == "false")
                #expect(fields["trigger_id"]?.split(separator: ".").count == 3)
                let responseURL = try #require(fields["response_url"])
                #expect(responseURL.hasPrefix("http://127.0.0.1:\(sandbox.port)/sandbox/response/"))

                // The reply was ephemeral: only Priya sees it, nothing in the channel.
                #expect(await sandbox.workspace.ephemerals().map(\.text) == ["Declared INC-1"])
                #expect(await sandbox.workspace.ephemerals().first?.user == "U01PAYLEAD")
                #expect(await sandbox.workspace.messages(inChannel: general.id).isEmpty)

                // Later replies through response_url: up to 5, as Slack allows.
                let path = String(responseURL.dropFirst(sandbox.baseURL.count))
                let inChannel = try await sandbox.send(
                    path: path, body: #"{"response_type":"in_channel","text":"SEV1 declared: #inc-1-checkout"}"#,
                    headers: ["Content-Type": "application/json"]
                )
                #expect(inChannel.status == 200 && inChannel.body == "ok")
                #expect(await sandbox.workspace.messages(inChannel: general.id).map(\.text) == ["SEV1 declared: #inc-1-checkout"])
                for _ in 0..<4 {
                    _ = try await sandbox.send(path: path, body: #"{"text":"again"}"#, headers: ["Content-Type": "application/json"])
                }
                let sixth = try await sandbox.send(path: path, body: #"{"text":"too many"}"#, headers: ["Content-Type": "application/json"])
                #expect(sixth.status == 404)
                #expect(await sandbox.workspace.ephemerals().count == 5)
            }
        }
    }

    @Test func wrongSecretIsRejectedByTheBot() async throws {
        try await FakeBot.with(secret: Self.secret, commandReply: "{}") { bot, botPort in
            try await Sandbox.with(
                botCommandURL: "http://127.0.0.1:\(botPort)/slack/commands", signingSecret: "not-the-secret"
            ) { sandbox in
                let answer = try await sandbox.send(
                    path: "/sandbox/command", body: ##"{"user":"priya","channel":"#general","text":"/incident help"}"##,
                    headers: ["Content-Type": "application/json"]
                )
                #expect(answer["ok"] == .bool(false))
                #expect(answer["detail"] == "HTTP 401")
                #expect(await bot.received.first?.signatureValid == false)
            }
        }
    }

    @Test func otherCommandsAndPlainMessages() async throws {
        try await Sandbox.with { sandbox in
            let general = try #require(await sandbox.workspace.channel(named: "general"))
            let unknown = try await sandbox.send(
                path: "/sandbox/command", body: #"{"user":"U04SRE","channel":"\#(general.id)","text":"/weather"}"#,
                headers: ["Content-Type": "application/json"]
            )
            #expect(unknown.error?.hasPrefix("/weather is not a valid command") == true)
            let plain = try await sandbox.send(
                path: "/sandbox/command", body: #"{"user":"U04SRE","channel":"\#(general.id)","text":"is checkout down?"}"#,
                headers: ["Content-Type": "application/json"]
            )
            #expect(plain["kind"] == "message")
            let messages = await sandbox.workspace.messages(inChannel: general.id)
            #expect(messages.map(\.user) == ["U04SRE"])
            #expect(messages.map(\.text) == ["is checkout down?"])
            #expect(await sandbox.workspace.calls().isEmpty)
        }
    }

    @Test func buttonClickSendsSignedBlockActions() async throws {
        try await FakeBot.with(secret: Self.secret, commandReply: "{}") { bot, botPort in
            try await Sandbox.with(
                botCommandURL: "http://127.0.0.1:\(botPort)/slack/commands", signingSecret: Self.secret
            ) { sandbox in
                let id = try await sandbox.createChannel("inc-9-checkout")
                let posted = try await sandbox.call("chat.postMessage", ["channel": id, "text": "SEV1", "blocks": MessagesTests.blocks])
                let ts = try #require(posted["ts"]?.stringValue)
                let click = try await sandbox.send(
                    path: "/sandbox/action",
                    body: #"{"user":"U02ONCALL1","channel":"\#(id)","message_ts":"\#(ts)","block_index":0,"action_id":"ack"}"#,
                    headers: ["Content-Type": "application/json"]
                )
                #expect(click.ok, "\(click.body)")
                let request = try #require(await bot.received.first)
                #expect(request.path == "/slack/interactions")
                #expect(request.signatureValid)
                #expect(request.body.hasPrefix("payload="))
                let payload = try JSONParser.parse(try #require(FakeBot.fields(request.body)["payload"]))
                #expect(payload["type"] == "block_actions")
                #expect(payload["user"]?["id"] == "U02ONCALL1")
                #expect(payload["user"]?["username"] == "omar")
                #expect(payload["team"]?["id"] == "T0SANDBOX")
                #expect(payload["channel"] == ["id": .string(id), "name": "inc-9-checkout"])
                #expect(payload["container"]?["message_ts"] == .string(ts))
                #expect(payload["container"]?["is_ephemeral"] == .bool(false))
                #expect(payload["message"]?["ts"] == .string(ts))
                #expect(payload["message"]?["blocks"]?.arrayValue?.first?["block_id"]?.stringValue != nil)
                let action = try #require(payload["actions"]?.arrayValue?.first)
                #expect(action["action_id"] == "ack")
                #expect(action["value"] == "INC-1")
                #expect(action["type"] == "button")
                #expect(action["text"]?["text"] == "Ack")
                #expect(action["action_ts"]?.stringValue != nil)

                // The bot replaces the original message through the response_url.
                let responseURL = try #require(payload["response_url"]?.stringValue)
                let replaced = try await sandbox.send(
                    path: String(responseURL.dropFirst(sandbox.baseURL.count)),
                    body: #"{"replace_original":true,"text":"Acknowledged by omar"}"#, headers: ["Content-Type": "application/json"]
                )
                #expect(replaced.body == "ok")
                let message = try #require(await sandbox.workspace.messages(inChannel: id).first)
                #expect(message.text == "Acknowledged by omar")
                #expect(message.blocksJSON == nil)
            }
        }
    }

    @Test func aClickCanCarryATamperedValueForTestsOfTheBotsChecks() async throws {
        try await FakeBot.with(secret: Self.secret, commandReply: "{}") { bot, botPort in
            try await Sandbox.with(
                botCommandURL: "http://127.0.0.1:\(botPort)/slack/commands", signingSecret: Self.secret
            ) { sandbox in
                let id = try await sandbox.createChannel("inc-9-checkout")
                let posted = try await sandbox.call("chat.postMessage", ["channel": id, "text": "SEV1", "blocks": MessagesTests.blocks])
                let ts = try #require(posted["ts"]?.stringValue)
                let click = try await sandbox.send(
                    path: "/sandbox/action",
                    body: #"{"user":"U02ONCALL1","channel":"\#(id)","message_ts":"\#(ts)","block_index":0,"action_id":"ack","value":"INC-2"}"#,
                    headers: ["Content-Type": "application/json"]
                )
                #expect(click.ok, "\(click.body)")
                let request = try #require(await bot.received.first)
                let payload = try JSONParser.parse(try #require(FakeBot.fields(request.body)["payload"]))
                #expect(payload["actions"]?.arrayValue?.first?["value"] == "INC-2")
                #expect(payload["channel"]?["id"] == .string(id))
            }
        }
    }

    @Test func messagesTypedOnThePageBecomeSignedEvents() async throws {
        try await FakeBot.with(secret: Self.secret, commandReply: "{}") { bot, botPort in
            try await Sandbox.with(
                botCommandURL: "http://127.0.0.1:\(botPort)/slack/commands", signingSecret: Self.secret
            ) { sandbox in
                // The bot is not in #general: Slack sends it nothing.
                let quiet = try await sandbox.send(
                    path: "/sandbox/command", body: #"{"user":"erin","channel":"general","text":"hello"}"#,
                    headers: ["Content-Type": "application/json"]
                )
                #expect(quiet["event_status"] == nil)
                let exec = try #require(await sandbox.workspace.channel(named: "exec-incidents"))
                _ = try await sandbox.call("conversations.join", ["channel": exec.id])
                let root = try #require(try await sandbox.post(exec.id, "SEV1 #1")["ts"]?.stringValue)
                let asked = try await sandbox.send(
                    path: "/sandbox/command",
                    body: #"{"user":"U05EXEC","channel":"\#(exec.id)","thread_ts":"\#(root)","text":"@tocsin EU affected?"}"#,
                    headers: ["Content-Type": "application/json"]
                )
                #expect(asked["event_status"] == 200)
                let events = await bot.received.filter { $0.path == "/slack/events" }
                #expect(events.count == 2)
                #expect(events.allSatisfy { $0.signatureValid })
                let message = try JSONParser.parse(try #require(events.first?.body))
                #expect(message["type"] == "event_callback")
                #expect(message["event_id"]?.stringValue?.hasPrefix("Ev") == true)
                #expect(message["authorizations"]?.arrayValue?.first?["user_id"] == "U0TOCSIN")
                let event = try #require(message["event"])
                #expect(event["type"] == "message")
                #expect(event["channel"] == .string(exec.id))
                #expect(event["user"] == "U05EXEC")
                #expect(event["thread_ts"] == .string(root))
                #expect(event["parent_user_id"] == "U0TOCSIN")
                #expect(event["text"] == "<@U0TOCSIN> EU affected?")
                let mention = try JSONParser.parse(try #require(events.last?.body))
                #expect(mention["event"]?["type"] == "app_mention")
                #expect(mention["event_id"] != message["event_id"])
            }
        }
    }

    @Test func pageAndStateAreServed() async throws {
        try await Sandbox.with { sandbox in
            let id = try await sandbox.createChannel("inc-10")
            _ = try await sandbox.post(id, "<script>alert(1)</script>")
            let page = try await sandbox.send(path: "/", method: "GET", body: nil)
            #expect(page.status == 200)
            #expect(page.headers["content-type"]?.hasPrefix("text/html") == true)
            #expect(page.body.contains("/sandbox/state"))
            #expect(!page.body.contains("<script src"))
            #expect(!page.body.contains("innerHTML"))
            let state = try await sandbox.send(path: "/sandbox/state", method: "GET", body: nil)
            let channels = try #require(state["channels"]?.arrayValue)
            #expect(channels.map { $0["name"]?.stringValue } == ["general", "payments", "incidents", "exec-incidents", "inc-10"])
            #expect(channels.last?["messages"]?.arrayValue?.first?["text"] == "<script>alert(1)</script>")
            #expect(state["users"]?.arrayValue?.count == 5)
        }
    }
}
