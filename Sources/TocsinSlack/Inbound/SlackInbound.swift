import Foundation
import TocsinApp

/// Decoders for the three kinds of request Slack sends the bot.
///
/// Pure functions on the raw body, to be called after `SlackRequestVerifier` accepted it.
public enum SlackInbound {
    /// A slash command from its form body (`command`, `user_id`, `channel_id` and `team_id`
    /// are required; the others default to empty or `nil`).
    public static func decodeSlashCommand(formBody: [UInt8]) throws(PayloadError) -> SlashCommandRequest {
        let fields = FormDecoder.fields(formBody)
        func required(_ name: String) throws(PayloadError) -> String {
            guard let value = fields[name], !value.isEmpty else { throw .missingField(name) }
            return value
        }
        return SlashCommandRequest(
            command: try required("command"),
            text: SlackMarkup.decode(fields["text"] ?? ""),
            teamID: try required("team_id"),
            channelID: try required("channel_id"),
            channelName: fields["channel_name"] ?? "",
            userID: try required("user_id"),
            userName: fields["user_name"] ?? "",
            responseURL: nonEmpty(fields["response_url"]),
            triggerID: nonEmpty(fields["trigger_id"]))
    }

    /// Whether a command URL's body is Slack's certificate check (`ssl_check=1&token=…`), which is sent
    /// unsigned and wants a 200 and nothing else.
    public static func isSSLCheck(formBody: [UInt8]) -> Bool {
        // Every slash command passes here: look for the field's bytes before decoding the form.
        let marker = Array("ssl_check=".utf8)
        guard formBody.count >= marker.count,
              (0...(formBody.count - marker.count)).contains(where: { formBody[$0..<($0 + marker.count)].elementsEqual(marker) })
        else { return false }
        return FormDecoder.fields(formBody)["ssl_check"] == "1"
    }

    public static func decodeSlashCommand(formBody: String) throws(PayloadError) -> SlashCommandRequest {
        try decodeSlashCommand(formBody: Array(formBody.utf8))
    }

    /// An Events API body (JSON): URL verification, an event callback, or a rate-limit notice.
    public static func decodeEvent(jsonBody: [UInt8]) throws(PayloadError) -> SlackEvent {
        let envelope = try decodeJSON(EventEnvelopeWire.self, from: jsonBody)
        guard let type = envelope.type else { throw .missingField("type") }
        switch type {
        case "url_verification":
            guard let challenge = envelope.challenge else { throw .missingField("challenge") }
            return .urlVerification(challenge: challenge)
        case "app_rate_limited":
            return .appRateLimited
        case "event_callback":
            return .callback(try envelope.callback())
        default:
            throw .unsupportedType(type)
        }
    }

    public static func decodeEvent(jsonBody: String) throws(PayloadError) -> SlackEvent {
        try decodeEvent(jsonBody: Array(jsonBody.utf8))
    }

    /// An interactivity body: form-encoded with one `payload` field holding JSON.
    public static func decodeInteraction(formBody: [UInt8]) throws(PayloadError) -> SlackInteraction {
        guard let payload = FormDecoder.fields(formBody)["payload"] else { throw .missingField("payload") }
        return try decodeInteraction(payloadJSON: Array(payload.utf8))
    }

    public static func decodeInteraction(formBody: String) throws(PayloadError) -> SlackInteraction {
        try decodeInteraction(formBody: Array(formBody.utf8))
    }

    /// An interaction payload's JSON itself (as Socket Mode delivers it).
    public static func decodeInteraction(payloadJSON: [UInt8]) throws(PayloadError) -> SlackInteraction {
        let wire = try decodeJSON(InteractionWire.self, from: payloadJSON)
        guard let type = wire.type else { throw .missingField("type") }
        switch type {
        case "block_actions":
            return .blockActions(try wire.buttonClicks())
        case "view_submission":
            return .viewSubmission(try wire.viewSubmission())
        case "shortcut", "message_action":
            return .shortcut(try wire.shortcut())
        default:
            return .other(type)
        }
    }

    static func decodeJSON<Wire: Decodable>(_ type: Wire.Type, from body: [UInt8]) throws(PayloadError) -> Wire {
        do {
            return try JSONDecoder().decode(type, from: Data(body))
        } catch let DecodingError.keyNotFound(key, _) {
            throw .missingField(key.stringValue)
        } catch let DecodingError.dataCorrupted(context) {
            throw .malformed(context.underlyingError.map { "\($0)" } ?? context.debugDescription)
        } catch let DecodingError.typeMismatch(_, context) {
            throw .malformed(context.debugDescription)
        } catch {
            throw .malformed("\(error)")
        }
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
