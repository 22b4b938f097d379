import Foundation
import HummingbirdWebSocket
import Logging

/// Slack's Socket Mode side of the sandbox: tickets from `apps.connections.open`, the connected WebSocket,
/// envelopes sent to it and the acknowledgements awaited by `envelope_id` (FACTS §6).
///
/// An envelope not acknowledged within 3 s counts as failed for the person who typed it, and is sent again,
/// with `retry_attempt` raised, to the next connection, as Slack redelivers after a reconnect.
actor SocketModeLink {
    /// How long Slack waits for an acknowledgement (FACTS §6).
    static let ackTimeout: Duration = .seconds(3)

    enum Failure: Error, Sendable {
        /// No acknowledgement within ``SocketModeLink/ackTimeout``.
        case timedOut
    }

    /// One envelope as sent: kept until acknowledged, so it can be sent again.
    private struct Sent {
        var id: String
        var type: String
        var payload: JSON
        var acceptsResponsePayload: Bool
        var retryAttempt: Int

        var envelope: JSON {
            var envelope: JSON = [
                "envelope_id": .string(id), "payload": payload, "type": .string(type),
                "accepts_response_payload": .bool(acceptsResponsePayload),
            ]
            if retryAttempt > 0 {
                envelope.set("retry_attempt", .int(retryAttempt))
                envelope.set("retry_reason", "timeout")
            }
            return envelope
        }
    }

    /// One open socket: where to write, and how to end it from the sandbox's side.
    private struct Connection {
        var writer: WebSocketOutboundWriter
        var end: AsyncStream<Void>.Continuation
    }

    let appID: String
    let logger: Logger
    private var tickets: Set<String> = []
    private var connection: (id: Int, socket: Connection)?
    private var connectionCount = 0
    private var waiting: [String: CheckedContinuation<JSON?, Never>] = [:]
    private var unacknowledged: [String: Sent] = [:]
    private var lastSent: Sent?
    private var ids = IdentifierSource()

    init(appID: String, logger: Logger) {
        self.appID = appID
        self.logger = logger
    }

    /// A one-use ticket for the WebSocket URL `apps.connections.open` returns.
    func issueTicket() -> String {
        let ticket = ids.hex(length: 32)
        tickets.insert(ticket)
        return ticket
    }

    /// What the page and tests see: whether a client is connected and how many connections have been made.
    var state: JSON {
        ["ok": true, "connected": .bool(connection != nil), "connections": .int(connectionCount)]
    }

    /// Serves one WebSocket until the client leaves or the sandbox ends it: `hello`, then unacknowledged
    /// envelopes again, then acknowledgements read from the client.
    func serve(ticket: String?, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async {
        guard let ticket, tickets.remove(ticket) != nil else {
            try? await outbound.close(.policyViolation, reason: "invalid ticket")
            return
        }
        if let previous = connection { previous.socket.end.yield() }
        connectionCount += 1
        let id = connectionCount
        let (ends, end) = AsyncStream<Void>.makeStream()
        connection = (id, Connection(writer: outbound, end: end))
        let hello: JSON = [
            "type": "hello", "num_connections": 1,
            "debug_info": ["host": "sandbox", "build_number": 1, "approximate_connection_time": 18060],
            "connection_info": ["app_id": .string(appID)],
        ]
        try? await outbound.writeTextMessage(hello.serialized())
        for var sent in unacknowledged.values.sorted(by: { $0.id < $1.id }) {
            sent.retryAttempt += 1
            unacknowledged[sent.id] = sent
            try? await outbound.writeTextMessage(sent.envelope.serialized())
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [weak self] in
                do {
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        if case .text(let text) = message { await self?.acknowledge(text) }
                    }
                } catch {}
            }
            group.addTask {
                for await _ in ends { return }
            }
            await group.next()
            group.cancelAll()
        }
        if connection?.id == id { connection = nil }
    }

    private func acknowledge(_ text: String) {
        guard let ack = try? JSONParser.parse(text), let id = ack["envelope_id"]?.stringValue else {
            logger.warning("Socket Mode client sent something that is not an acknowledgement")
            return
        }
        unacknowledged[id] = nil
        waiting.removeValue(forKey: id)?.resume(returning: ack["payload"] ?? .null)
    }

    /// Sends an envelope to the connected client and waits for its acknowledgement: the ack's `payload`
    /// (`.null` when none). Nil when no client is connected (the console then posts over HTTP).
    func deliver(type: String, payload: JSON, acceptsResponsePayload: Bool) async -> Result<JSON, Failure>? {
        guard let writer = connection?.socket.writer else { return nil }
        let sent = Sent(id: UUID().uuidString.lowercased(), type: type, payload: payload, acceptsResponsePayload: acceptsResponsePayload, retryAttempt: 0)
        unacknowledged[sent.id] = sent
        lastSent = sent
        let timeout = Task { [weak self] in
            try? await Task.sleep(for: Self.ackTimeout)
            await self?.giveUp(on: sent.id)
        }
        defer { timeout.cancel() }
        let ack: JSON? = await withCheckedContinuation { continuation in
            waiting[sent.id] = continuation
            Task { try? await writer.writeTextMessage(sent.envelope.serialized()) }
        }
        guard let ack else { return .failure(.timedOut) }
        return .success(ack)
    }

    private func giveUp(on id: String) {
        waiting.removeValue(forKey: id)?.resume(returning: nil)
    }

    /// Sends `{"type":"disconnect"}` as Slack does before it refreshes a connection; the client should reconnect.
    func disconnect(reason: String) async -> JSON {
        guard let writer = connection?.socket.writer else { return ["ok": false, "error": "not_connected"] }
        let message: JSON = ["type": "disconnect", "reason": .string(reason), "debug_info": ["host": "sandbox"]]
        try? await writer.writeTextMessage(message.serialized())
        return ["ok": true]
    }

    /// Ends the connection without a word, as a network failure would.
    func drop() -> JSON {
        guard let current = connection else { return ["ok": false, "error": "not_connected"] }
        current.socket.end.yield()
        connection = nil
        return ["ok": true]
    }

    /// Sends the last envelope again, same `envelope_id`, as Slack may after a reconnect (even one acknowledged).
    func redeliverLast() async -> JSON {
        guard let writer = connection?.socket.writer, var sent = lastSent else { return ["ok": false, "error": "nothing_to_redeliver"] }
        sent.retryAttempt += 1
        lastSent = sent
        try? await writer.writeTextMessage(sent.envelope.serialized())
        return ["ok": true, "envelope_id": .string(sent.id)]
    }
}
