import HTTPTypes
import Hummingbird
import Logging
import Metrics
import TocsinApp
import TocsinCore
import TocsinSlack

/// The three endpoints Slack calls. Each verifies the signature on the raw body before decoding,
/// answers at once, and leaves chat API work to the delivery service.
struct SlackRoutes: Sendable {
    static let maxBodyBytes = 1 << 20
    private static let timestampField = HTTPField.Name(SlackRequestVerifier.timestampHeader)!
    private static let signatureField = HTTPField.Name(SlackRequestVerifier.signatureHeader)!

    let verifier: SlackRequestVerifier
    let incidents: IncidentService
    let logger: Logger
    private let unauthorized = Counter(label: "tocsin_requests_rejected_total", dimensions: [("reason", "signature")])
    private let malformed = Counter(label: "tocsin_requests_rejected_total", dimensions: [("reason", "malformed")])

    init(verifier: SlackRequestVerifier, incidents: IncidentService, logger: Logger) {
        self.verifier = verifier
        self.incidents = incidents
        self.logger = logger
    }

    func register(on router: Router<BasicRequestContext>) {
        router.post("/slack/commands") { request, _ -> Response in
            await withVerifiedBody(request) { body in await command(body) }
        }
        router.post("/slack/events") { request, _ -> Response in
            await withVerifiedBody(request) { body in await event(body) }
        }
        router.post("/slack/interactions") { request, _ -> Response in
            await withVerifiedBody(request) { body in await interaction(body) }
        }
    }

    private func command(_ body: [UInt8]) async -> Response {
        let command: SlashCommandRequest
        do {
            command = try SlackInbound.decodeSlashCommand(formBody: body)
        } catch {
            return rejectMalformed(error, route: "commands")
        }
        let reply = await incidents.handle(command)
        return json(SlackResponseEncoder.encode(reply))
    }

    private func event(_ body: [UInt8]) async -> Response {
        let event: SlackEvent
        do {
            event = try SlackInbound.decodeEvent(jsonBody: body)
        } catch {
            return rejectMalformed(error, route: "events")
        }
        switch event {
        case .urlVerification(let challenge):
            return json(SlackResponseEncoder.urlVerification(challenge: challenge))
        case .callback(let callback):
            if let channelEvent = Self.channelEvent(callback) {
                await incidents.handle(channelEvent)
            }
            return Response(status: .ok)
        case .appRateLimited:
            logger.warning("Slack reports this app is over its events rate limit")
            return Response(status: .ok)
        }
    }

    /// The events Tocsin acts on, as the app sees them; the bot's own messages and edits are left out.
    static func channelEvent(_ callback: EventCallback) -> ChannelEvent? {
        switch callback.type {
        case .message:
            guard callback.botID == nil, [nil, "file_share", "thread_broadcast"].contains(callback.subtype),
                  let channel = callback.channel, let user = callback.user, let ts = callback.ts else { return nil }
            let message = ChannelMessage(ts: ts, user: user, text: callback.text ?? "", threadTS: callback.threadTS == ts ? nil : callback.threadTS, files: callback.files)
            return ChannelEvent(eventID: callback.eventID, channelID: channel, activity: .message(message))
        case .reactionAdded, .reactionRemoved:
            guard let channel = callback.itemChannel, let ts = callback.itemTS, let name = callback.reaction, let user = callback.user else { return nil }
            return ChannelEvent(eventID: callback.eventID, channelID: channel, activity: .reaction(ts: ts, name: name, userID: user, added: callback.type == .reactionAdded))
        case .pinAdded, .pinRemoved:
            guard let channel = callback.channel ?? callback.itemChannel, let ts = callback.itemTS, let user = callback.user else { return nil }
            return ChannelEvent(eventID: callback.eventID, channelID: channel, activity: .pin(ts: ts, userID: user, added: callback.type == .pinAdded))
        default:
            return nil
        }
    }

    /// Button clicks are acted on before the 200 (they only touch the store); Slack shows no
    /// body for `block_actions`, so the visible answer is the message the action posts.
    private func interaction(_ body: [UInt8]) async -> Response {
        let interaction: SlackInteraction
        do {
            interaction = try SlackInbound.decodeInteraction(formBody: body)
        } catch {
            return rejectMalformed(error, route: "interactions")
        }
        switch interaction {
        case .blockActions(let clicks):
            for click in clicks {
                _ = await incidents.handle(click)
            }
        case .viewSubmission(let view):
            let answers = view.values.mapValues { $0.values.first ?? "" }
            await incidents.handle(FormSubmission(callbackID: view.callbackID, userID: view.userID, privateMetadata: view.privateMetadata, answers: answers))
        case .other:
            break
        }
        return Response(status: .ok)
    }

    /// Runs `handle` on the raw body when its signature is valid; answers 401 (or 413) otherwise.
    private func withVerifiedBody(_ request: Request, _ handle: ([UInt8]) async -> Response) async -> Response {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: Self.maxBodyBytes)
        } catch {
            return plain(.contentTooLarge, "Request body too large.\n")
        }
        let body = Array(buffer.readableBytesView)
        do {
            try verifier.verify(body: body, timestamp: request.headers[Self.timestampField], signature: request.headers[Self.signatureField])
        } catch {
            unauthorized.increment()
            logger.warning("request refused", metadata: ["path": "\(request.uri.path)", "reason": "\(error)"])
            return json(Array(#"{"error":"invalid request"}"#.utf8), status: .unauthorized)
        }
        return await handle(body)
    }

    private func rejectMalformed(_ error: PayloadError, route: String) -> Response {
        malformed.increment()
        logger.warning("malformed payload", metadata: ["route": "\(route)", "reason": "\(error)"])
        return plain(.badRequest, "Malformed payload: \(error)\n")
    }
}

private func json(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
}

private func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
    Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
}
