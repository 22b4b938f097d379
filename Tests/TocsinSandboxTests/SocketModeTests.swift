import Foundation
import HummingbirdWSClient
import Logging
import Testing

@testable import TocsinSandbox

/// A Socket Mode client for the tests: the frames it receives, in order, and the writer to answer with.
struct SocketClient {
    var frames: AsyncStream<JSON>.AsyncIterator
    let writer: WebSocketOutboundWriter
    let task: Task<Void, any Error>

    struct NotConnected: Error {}

    static func connect(_ url: String) async throws -> SocketClient {
        let (frames, frameSink) = AsyncStream<JSON>.makeStream()
        let (writers, writerSink) = AsyncStream<WebSocketOutboundWriter>.makeStream()
        let task = Task {
            try await WebSocketClient.connect(url: url, logger: Logger(label: "socket-test")) { inbound, outbound, _ in
                writerSink.yield(outbound)
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    if case .text(let text) = message, let json = try? JSONParser.parse(text) { frameSink.yield(json) }
                }
                frameSink.finish()
            }
            frameSink.finish()
            writerSink.finish()
        }
        var writerIterator = writers.makeAsyncIterator()
        guard let writer = await writerIterator.next() else { throw NotConnected() }
        return SocketClient(frames: frames.makeAsyncIterator(), writer: writer, task: task)
    }

    mutating func next() async -> JSON? {
        await frames.next()
    }
}

@Suite("Socket Mode")
struct SocketModeTests {
    static let appToken = "xapp-sandbox"

    private func openURL(_ sandbox: Sandbox) async throws -> String {
        let answer = try await sandbox.call("apps.connections.open", token: Self.appToken)
        #expect(answer.ok, "\(answer.body)")
        return try #require(answer["url"]?.stringValue)
    }

    @Test func connectionsOpenTakesOnlyTheAppToken() async throws {
        try await Sandbox.with { sandbox in
            #expect(try await sandbox.call("apps.connections.open", token: nil).error == "not_authed")
            #expect(try await sandbox.call("apps.connections.open").error == "not_allowed_token_type")
            #expect(try await sandbox.call("apps.connections.open", token: "xapp-wrong").error == "invalid_auth")
            let url = try await openURL(sandbox)
            #expect(url.hasPrefix("ws://127.0.0.1:\(sandbox.port)/link/?ticket="))
        }
    }

    /// hello first; a typed slash command arrives as a `slash_commands` envelope, and the ack's payload is the
    /// reply the person sees.
    @Test func aSlashCommandTravelsAsAnEnvelopeAndTheAckCarriesTheReply() async throws {
        try await Sandbox.with { sandbox in
            var client = try await SocketClient.connect(try await openURL(sandbox))
            defer { client.task.cancel() }
            let hello = try #require(await client.next())
            #expect(hello["type"] == "hello")
            #expect(hello["connection_info"]?["app_id"] == "A0TOCSIN")
            async let typed = sandbox.send(
                path: "/sandbox/command", body: #"{"user":"priya","channel":"incidents","text":"/incident help"}"#)
            let envelope = try #require(await client.next())
            #expect(envelope["type"] == "slash_commands")
            #expect(envelope["accepts_response_payload"] == .bool(true))
            #expect(envelope["payload"]?["command"] == "/incident")
            #expect(envelope["payload"]?["text"] == "help")
            #expect(envelope["payload"]?["user_id"] == "U01PAYLEAD")
            let id = try #require(envelope["envelope_id"]?.stringValue)
            try await client.writer.writeTextMessage(#"{"envelope_id":"\#(id)","payload":{"text":"Here is help"}}"#)
            let answer = try await typed
            #expect(answer["ok"] == .bool(true), "\(answer.body)")
            #expect(answer["reply"] == "Here is help")
        }
    }

    /// The sandbox can send `disconnect`, resend an envelope with `retry_attempt`, and drop the connection.
    @Test func disconnectRedeliveryAndDropReachTheClient() async throws {
        try await Sandbox.with { sandbox in
            var client = try await SocketClient.connect(try await openURL(sandbox))
            defer { client.task.cancel() }
            _ = await client.next()
            async let typed = sandbox.send(
                path: "/sandbox/command", body: #"{"user":"priya","channel":"incidents","text":"/incident help"}"#)
            let envelope = try #require(await client.next())
            let id = try #require(envelope["envelope_id"]?.stringValue)
            try await client.writer.writeTextMessage(#"{"envelope_id":"\#(id)"}"#)
            #expect(try await typed["ok"] == .bool(true))

            #expect(try await sandbox.send(path: "/sandbox/socket/redeliver", body: "")["ok"] == .bool(true))
            let again = try #require(await client.next())
            #expect(again["envelope_id"]?.stringValue == id)
            #expect(again["retry_attempt"] == 1)
            #expect(again["retry_reason"] == "timeout")

            #expect(try await sandbox.send(path: "/sandbox/socket/disconnect", body: "")["ok"] == .bool(true))
            let disconnect = try #require(await client.next())
            #expect(disconnect["type"] == "disconnect")
            #expect(disconnect["reason"] == "refresh_requested")

            #expect(try await sandbox.send(path: "/sandbox/socket", method: "GET", body: nil)["connected"] == .bool(true))
            #expect(try await sandbox.send(path: "/sandbox/socket/drop", body: "")["ok"] == .bool(true))
            #expect(await client.next() == nil)
        }
    }

    /// A ticket opens one connection only.
    @Test func aTicketIsUsedOnce() async throws {
        try await Sandbox.with { sandbox in
            let url = try await openURL(sandbox)
            var first = try await SocketClient.connect(url)
            defer { first.task.cancel() }
            #expect(await first.next()?["type"] == "hello")
            var second = try await SocketClient.connect(url)
            defer { second.task.cancel() }
            #expect(await second.next() == nil)
        }
    }
}
