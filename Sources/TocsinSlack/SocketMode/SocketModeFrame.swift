import Foundation

/// One text frame Slack sends on a Socket Mode connection (FACTS §6): `hello` once connected, `disconnect`
/// when Slack wants a new connection, or an envelope carrying what HTTP would have POSTed.
public enum SocketModeFrame: Sendable, Equatable {
    case hello
    /// Slack is about to close this connection (`refresh_requested`, `too_many_websockets`, …): open another.
    case disconnect(reason: String)
    case envelope(SocketModeEnvelope)
    /// A frame of a type Tocsin does not know; ignored.
    case other(type: String)

    /// Decodes a frame; a frame that is not a JSON object with a `type` is a ``PayloadError``.
    public static func decode(_ text: String) throws(PayloadError) -> SocketModeFrame {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let type = object["type"] as? String
        else { throw .malformed("socket frame") }
        switch type {
        case "hello":
            return .hello
        case "disconnect":
            return .disconnect(reason: object["reason"] as? String ?? "")
        case "slash_commands", "events_api", "interactive":
            guard let id = object["envelope_id"] as? String, !id.isEmpty, let payload = object["payload"] as? [String: Any],
                let bytes = try? JSONSerialization.data(withJSONObject: payload)
            else { throw .malformed("socket envelope") }
            let kind: SocketModeEnvelope.Kind = type == "slash_commands" ? .slashCommand : type == "events_api" ? .event : .interaction
            return .envelope(
                SocketModeEnvelope(
                    id: id, kind: kind, payloadJSON: Array(bytes),
                    acceptsResponsePayload: object["accepts_response_payload"] as? Bool ?? false,
                    retryAttempt: object["retry_attempt"] as? Int ?? 0))
        default:
            return .other(type: type)
        }
    }
}

/// A Socket Mode envelope: the payload HTTP would have carried, and the id to acknowledge it by.
public struct SocketModeEnvelope: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case slashCommand, event, interaction
    }

    public var id: String
    public var kind: Kind
    /// The `payload` object as JSON bytes: an Events API body, an interaction payload, or a slash command's
    /// fields as JSON keys.
    public var payloadJSON: [UInt8]
    /// Whether the acknowledgement may carry a reply (`payload`), as for slash commands.
    public var acceptsResponsePayload: Bool
    /// 0 on first delivery; Slack counts up when it delivers the envelope again.
    public var retryAttempt: Int

    public init(id: String, kind: Kind, payloadJSON: [UInt8], acceptsResponsePayload: Bool, retryAttempt: Int) {
        self.id = id
        self.kind = kind
        self.payloadJSON = payloadJSON
        self.acceptsResponsePayload = acceptsResponsePayload
        self.retryAttempt = retryAttempt
    }

    /// A slash command's payload as the form body HTTP delivers, so one decoder reads both.
    public func slashCommandFormBody() throws(PayloadError) -> [UInt8] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payloadJSON)) as? [String: Any] else {
            throw .malformed("slash command payload")
        }
        let fields = object.sorted { $0.key < $1.key }.compactMap { key, value -> (String, String)? in
            switch value {
            case let text as String: (key, text)
            case let flag as Bool: (key, flag ? "true" : "false")
            case let number as NSNumber: (key, number.stringValue)
            default: nil
            }
        }
        return FormEncoder.encode(fields)
    }

    /// The acknowledgement Slack expects within 3 s: `{"envelope_id": …}`, with `reply` (a JSON object, e.g. a
    /// slash command's answer) as `payload` when the envelope accepts one.
    public func acknowledgement(reply: [UInt8]? = nil) -> String {
        let quotedID = (try? JSONSerialization.data(withJSONObject: id, options: .fragmentsAllowed))
            .map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
        guard acceptsResponsePayload, let reply, !reply.isEmpty else { return "{\"envelope_id\":\(quotedID)}" }
        return "{\"envelope_id\":\(quotedID),\"payload\":\(String(decoding: reply, as: UTF8.self))}"
    }
}
