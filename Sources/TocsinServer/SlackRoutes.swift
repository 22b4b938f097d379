import HTTPTypes
import Hummingbird
import Logging
import TocsinApp
import TocsinCore
import TocsinSlack

/// The three endpoints Slack calls. Each verifies the signature on the raw body before decoding,
/// answers at once, and leaves chat API work to the delivery service; what is done with a verified
/// payload is ``SlackInbox``'s, shared with Socket Mode.
struct SlackRoutes: Sendable {
    let inbox: SlackInbox
    let logger: Logger
    private let reader: SlackBodyReader
    private let refusals: RefusalLog
    private let metrics = RequestMetrics()

    init(verifier: SlackRequestVerifier, inbox: SlackInbox, limits: IngressLimits, logLines: LogLineLimiter, logger: Logger) {
        self.inbox = inbox
        self.logger = logger
        self.refusals = RefusalLog(logger: logger, lines: logLines)
        self.reader = SlackBodyReader(
            verifier: verifier, limits: limits, budget: UnverifiedBodyBudget(capacity: limits.unverifiedBodyBudget), refusals: refusals
        )
    }

    func register(on router: Router<BasicRequestContext>) {
        router.post("/slack/commands") { request, _ -> Response in
            await withVerifiedBody(request, route: .commands, answeringSSLCheck: true) { body in await command(body, timestamp: request.headers[SlackBodyReader.timestampField]) }
        }
        router.post("/slack/events") { request, _ -> Response in
            await withVerifiedBody(request, route: .events) { body in await event(body) }
        }
        router.post("/slack/interactions") { request, _ -> Response in
            await withVerifiedBody(request, route: .interactions) { body in await interaction(body) }
        }
    }

    private func command(_ body: [UInt8], timestamp: String?) async -> Response {
        var command: SlashCommandRequest
        do {
            command = try SlackInbound.decodeSlashCommand(formBody: body)
        } catch {
            return rejectMalformed(error, route: "commands")
        }
        // A retry or replay of this signed request carries the same id: its change is made once.
        command.requestID = SlackInbound.commandRequestID(triggerID: command.triggerID, formBody: body, timestamp: timestamp)
        let started = ContinuousClock.now
        let reply = await inbox.command(command)
        metrics.recordCommandHandling(ContinuousClock.now - started)
        return json(reply)
    }

    private func event(_ body: [UInt8]) async -> Response {
        let event: SlackEvent
        do {
            event = try SlackInbound.decodeEvent(jsonBody: body)
        } catch {
            return rejectMalformed(error, route: "events")
        }
        guard let answer = await inbox.event(event) else { return Response(status: .ok) }
        return json(answer)
    }

    /// The events Tocsin acts on, as the app sees them; the bot's own messages are left out.
    static func channelEvent(_ callback: EventCallback) -> ChannelEvent? {
        switch callback.type {
        case .message:
            guard let channel = callback.channel else { return nil }
            let activity: ChannelEvent.Activity
            switch callback.subtype {
            case nil, "file_share", "thread_broadcast", "bot_message":
                guard let message = authoredMessage(callback) else { return nil }
                activity = .message(message)
            case "message_changed":
                guard let message = authoredMessage(callback) else { return nil }
                activity = .messageEdited(message)
            case "message_deleted":
                guard let ts = callback.deletedTS else { return nil }
                activity = .messageDeleted(ts: ts)
            default:
                return nil
            }
            return ChannelEvent(eventID: callback.eventID, channelID: channel, activity: activity)
        case .appMention:
            guard let channel = callback.channel, let message = authoredMessage(callback) else { return nil }
            return ChannelEvent(eventID: callback.eventID, channelID: channel, activity: .mention(message))
        case .reactionAdded, .reactionRemoved:
            guard let channel = callback.itemChannel, let ts = callback.itemTS, let name = callback.reaction, let user = callback.user else { return nil }
            return ChannelEvent(eventID: callback.eventID, channelID: channel, activity: .reaction(ts: ts, name: name, userID: user, added: callback.type == .reactionAdded))
        case .pinAdded, .pinRemoved:
            guard let channel = callback.channel ?? callback.itemChannel, let ts = callback.itemTS, let user = callback.user else { return nil }
            return ChannelEvent(eventID: callback.eventID, channelID: channel, activity: .pin(ts: ts, userID: user, added: callback.type == .pinAdded))
        case .memberJoinedChannel:
            guard let channel = callback.channel, let user = callback.user else { return nil }
            return ChannelEvent(eventID: callback.eventID, channelID: channel, activity: .memberJoined(userID: user))
        default:
            // member_left_channel and the rest: subscribed or not, nothing to do.
            return nil
        }
    }

    /// The message an event carries, or nil for the bot's own. The bot posts with its bot token, so its
    /// messages carry its bot user as `user` (chat.postMessage's `message`), the user that the event's
    /// `authorizations` name. Other integrations' posts (`bot_id`, often no `user`) are kept, under their
    /// name; without `authorizations` to tell the bot's own apart, no bot's message is kept.
    static func authoredMessage(_ callback: EventCallback) -> ChannelMessage? {
        guard let ts = callback.ts else { return nil }
        let own = callback.authorizedUserIDs
        if let user = callback.user, own.contains(user) { return nil }
        let author: String
        var botName: String?
        if let botID = callback.botID {
            guard !own.isEmpty else { return nil }
            author = callback.user ?? botID
            botName = callback.botName ?? botID
        } else {
            guard let user = callback.user else { return nil }
            author = user
        }
        return ChannelMessage(
            ts: ts, user: author, text: callback.text ?? "", threadTS: callback.threadTS == ts ? nil : callback.threadTS,
            files: callback.files, botName: botName)
    }

    /// Clicks and form submissions, answered 200 once ``SlackInbox`` has acted on them.
    private func interaction(_ body: [UInt8]) async -> Response {
        let interaction: SlackInteraction
        do {
            interaction = try SlackInbound.decodeInteraction(formBody: body)
        } catch {
            return rejectMalformed(error, route: "interactions")
        }
        guard let answer = await inbox.interaction(interaction) else { return Response(status: .ok) }
        return json(answer)
    }

    /// Runs `handle` on the raw body when its signature is valid; otherwise answers as ``SlackBodyReader`` decides
    /// (401, 408, 413 or 503), reading no more of the body than it must.
    ///
    /// With `answeringSSLCheck`, Slack's certificate check of a command URL (`ssl_check=1`, sent unsigned)
    /// gets an empty 200 and nothing else is done, as Slack expects. Each request is counted by `route` and
    /// by what became of it.
    private func withVerifiedBody(_ request: Request, route: RequestMetrics.Route, answeringSSLCheck: Bool = false, _ handle: ([UInt8]) async -> Response) async -> Response {
        switch await reader.read(request, answeringSSLCheck: answeringSSLCheck) {
        case .verified(let body):
            let response = await handle(body)
            metrics.count(route, RequestMetrics.Outcome(status: response.status))
            return response
        case .sslCheck:
            metrics.count(route, .sslCheck)
            return Response(status: .ok)
        case .refused(let response):
            metrics.count(route, RequestMetrics.Outcome(status: response.status))
            return response
        }
    }

    private func rejectMalformed(_ error: PayloadError, route: String) -> Response {
        refusals.refuse(.malformed, "malformed payload", metadata: ["route": "\(route)", "reason": "\(error)"])
        return plain(.badRequest, "Malformed payload: \(error)\n")
    }
}

private func json(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
}

private func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
    Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
}
