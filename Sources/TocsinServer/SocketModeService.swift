import HummingbirdWSClient
import Logging
import ServiceLifecycle
import TocsinApp
import TocsinSlack

/// Socket Mode (FACTS §6): Tocsin opens a WebSocket to Slack instead of exposing a public URL. Each envelope
/// goes to the same ``SlackInbox`` as an HTTP request and is acknowledged by its `envelope_id` as soon as its
/// answer is known (a slash command's reply rides in the acknowledgement); a `disconnect`, a dropped
/// connection or a failed attempt leads to a new connection, after a growing pause when attempts fail.
struct SocketModeService: Service, CustomStringConvertible {
    /// The pause before the next attempt after `failures` failed ones in a row.
    struct Backoff: Sendable {
        var initial: Duration = .seconds(1)
        var maximum: Duration = .seconds(30)

        func delay(afterFailures failures: Int) -> Duration {
            guard failures > 0 else { return .zero }
            var delay = initial
            for _ in 1..<min(failures, 16) where delay < maximum { delay = delay * 2 }
            return min(delay, maximum)
        }
    }

    /// How a connection ended.
    enum Ending: Sendable {
        /// Slack asked for a new connection; reconnect at once.
        case disconnectRequested(reason: String)
        /// The connection closed or failed; `greeted` when Slack had said hello (the connection worked).
        case dropped(greeted: Bool)
    }

    let connector: SocketModeConnector
    let inbox: SlackInbox
    let backoff: Backoff
    let logger: Logger
    private let seen = RecentEnvelopes(capacity: 1000)

    init(connector: SocketModeConnector, inbox: SlackInbox, backoff: Backoff = Backoff(), logger: Logger) {
        self.connector = connector
        self.inbox = inbox
        self.backoff = backoff
        self.logger = logger
    }

    /// What the service group logs at start; nothing of the connector (it holds the app token).
    var description: String { "SocketModeService" }

    /// Connects, and connects again, until the service group shuts down.
    func run() async throws {
        await cancelWhenGracefulShutdown {
            var failures = 0
            while !Task.isCancelled {
                let ending: Ending
                do throws(ChatError) {
                    ending = await connect(to: try await connector.openConnection())
                } catch {
                    logger.error("Socket Mode cannot open a connection", metadata: ["reason": "\(error.code)"])
                    ending = .dropped(greeted: false)
                }
                switch ending {
                case .disconnectRequested(let reason):
                    logger.info("Slack asked for a new Socket Mode connection", metadata: ["reason": "\(reason)"])
                    failures = 0
                case .dropped(let greeted):
                    failures = greeted ? 1 : failures + 1
                    logger.notice("Socket Mode connection ended; reconnecting", metadata: ["attempt": "\(failures)"])
                }
                // Cancelled at shutdown: the loop then ends.
                try? await Task.sleep(for: backoff.delay(afterFailures: failures))
            }
        }
    }

    /// Serves one connection until it ends; the URL carries a ticket and is never logged.
    private func connect(to url: String) async -> Ending {
        let state = ConnectionState()
        do {
            try await WebSocketClient.connect(url: url, logger: logger) { inbound, outbound, _ in
                for try await message in inbound.messages(maxSize: 1 << 22) {
                    guard case .text(let text) = message else { continue }
                    let frame: SocketModeFrame
                    do {
                        frame = try SocketModeFrame.decode(text)
                    } catch {
                        logger.warning("Socket Mode frame not understood", metadata: ["reason": "\(error)"])
                        continue
                    }
                    switch frame {
                    case .hello:
                        await state.greet()
                        logger.notice("Socket Mode connected")
                    case .disconnect(let reason):
                        await state.end(.disconnectRequested(reason: reason))
                        try await outbound.close(.normalClosure, reason: nil)
                        return
                    case .envelope(let envelope):
                        try await outbound.writeTextMessage(await answer(envelope))
                    case .other(let type):
                        logger.debug("Socket Mode frame ignored", metadata: ["type": "\(type)"])
                    }
                }
            }
        } catch {
            logger.warning("Socket Mode connection failed", metadata: ["reason": "\(error)"])
        }
        return await state.ending
    }

    /// Acts on an envelope (once, however often Slack delivers it) and returns its acknowledgement.
    private func answer(_ envelope: SocketModeEnvelope) async -> String {
        guard await seen.firstSight(envelope.id) else {
            logger.info("Socket Mode envelope delivered again; acknowledged, not acted on", metadata: ["retry_attempt": "\(envelope.retryAttempt)"])
            return envelope.acknowledgement()
        }
        do {
            switch envelope.kind {
            case .slashCommand:
                let body = try envelope.slashCommandFormBody()
                var command = try SlackInbound.decodeSlashCommand(formBody: body)
                command.requestID = SlackInbound.commandRequestID(triggerID: command.triggerID, formBody: body, timestamp: nil)
                return envelope.acknowledgement(reply: await inbox.command(command))
            case .event:
                let event = try SlackInbound.decodeEvent(jsonBody: envelope.payloadJSON)
                return envelope.acknowledgement(reply: await inbox.event(event))
            case .interaction:
                let interaction = try SlackInbound.decodeInteraction(payloadJSON: envelope.payloadJSON)
                return envelope.acknowledgement(reply: await inbox.interaction(interaction))
            }
        } catch {
            logger.warning("Socket Mode envelope malformed", metadata: ["reason": "\(error)"])
            return envelope.acknowledgement()
        }
    }
}

/// What one connection has seen: whether Slack greeted it and why it ended.
private actor ConnectionState {
    private var greeted = false
    private var requested: SocketModeService.Ending?

    func greet() { greeted = true }
    func end(_ ending: SocketModeService.Ending) { requested = ending }
    var ending: SocketModeService.Ending { requested ?? .dropped(greeted: greeted) }
}

/// The envelope ids acted on lately, so an envelope Slack delivers again (after a reconnect, or unacknowledged in
/// time) is acknowledged without being acted on twice. The store's own checks (commands by trigger, events by
/// id) still hold across restarts.
actor RecentEnvelopes {
    private let capacity: Int
    private var ids: Set<String> = []
    private var order: [String] = []

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// True the first time `id` is seen.
    func firstSight(_ id: String) -> Bool {
        guard ids.insert(id).inserted else { return false }
        order.append(id)
        if order.count > capacity {
            ids.remove(order.removeFirst())
        }
        return true
    }
}
