import Foundation
import TocsinApp

/// The JSON bodies Tocsin answers Slack's requests with, in the HTTP response itself.
public enum SlackResponseEncoder {
    /// The content type of every body this encoder produces.
    public static let contentType = "application/json; charset=utf-8"

    /// A slash-command or interaction reply: `{"response_type":"ephemeral"|"in_channel","text":…}`.
    public static func encode(_ reply: CommandReply) -> [UInt8] {
        let type = switch reply.visibility {
        case .ephemeral: "ephemeral"
        case .inChannel: "in_channel"
        }
        return encodeJSON(ReplyBody(responseType: type, text: reply.text))
    }

    /// The answer to `url_verification`: `{"challenge":…}`.
    public static func urlVerification(challenge: String) -> [UInt8] {
        encodeJSON(["challenge": challenge])
    }

    private struct ReplyBody: Encodable {
        var responseType: String
        var text: String

        private enum CodingKeys: String, CodingKey {
            case responseType = "response_type"
            case text
        }
    }

    private static func encodeJSON(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding structs of strings cannot fail; an empty object keeps the contract if it did.
        return (try? Array(encoder.encode(value))) ?? Array("{}".utf8)
    }
}
