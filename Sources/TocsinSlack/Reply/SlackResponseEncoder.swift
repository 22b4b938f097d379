import TocsinApp
import TocsinCore

/// The JSON bodies Tocsin answers Slack's requests with, in the HTTP response itself.
///
/// Written by hand (keys in sorted order, strings escaped per RFC 8259): every slash command's ack
/// goes through here, and a generic encoder costs more than the rest of the answer.
public enum SlackResponseEncoder {
    /// The content type of every body this encoder produces.
    public static let contentType = "application/json; charset=utf-8"

    /// A slash-command or interaction reply: `{"response_type":"ephemeral"|"in_channel","text":…}`,
    /// its text in Slack's markup (escaped once, people as mentions).
    public static func encode(_ reply: CommandReply) -> [UInt8] {
        let type = switch reply.visibility {
        case .ephemeral: "ephemeral"
        case .inChannel: "in_channel"
        }
        return object([("response_type", type), ("text", SlackMarkup.encode(reply.text))])
    }

    /// The answer to a `view_submission` that keeps the modal open with a message under each field:
    /// `{"response_action":"errors","errors":{"<block_id>":"<message>",…}}` (nil for an answer that closes it,
    /// which is an empty 200). Block ids in sorted order, so the same answer is the same bytes.
    public static func formAnswer(_ answer: FormAnswer) -> [UInt8]? {
        guard case .errors(let errors) = answer else { return nil }
        var output: [UInt8] = Array(#"{"errors":{"#.utf8)
        for (position, key) in errors.keys.sorted().enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            appendString(key, to: &output)
            output.append(UInt8(ascii: ":"))
            appendString(errors[key] ?? "", to: &output)
        }
        output.append(contentsOf: Array(#"},"response_action":"errors"}"#.utf8))
        return output
    }

    /// The answer to `url_verification`: `{"challenge":…}`.
    public static func urlVerification(challenge: String) -> [UInt8] {
        object([("challenge", challenge)])
    }

    /// An object of string members, in the order given.
    private static func object(_ members: [(key: String, value: String)]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(members.reduce(2) { $0 + $1.key.utf8.count + $1.value.utf8.count + 8 })
        output.append(UInt8(ascii: "{"))
        for (position, member) in members.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            appendString(member.key, to: &output)
            output.append(UInt8(ascii: ":"))
            appendString(member.value, to: &output)
        }
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// Appends `string` quoted, copying the runs that need no escape in one go.
    private static func appendString(_ string: String, to output: inout [UInt8]) {
        var string = string
        output.append(UInt8(ascii: "\""))
        string.withUTF8 { bytes in
            var runStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                appendEscape(byte, to: &output)
                runStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(_ byte: UInt8, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
        case UInt8(ascii: "\n"): output.append(UInt8(ascii: "n"))
        case UInt8(ascii: "\r"): output.append(UInt8(ascii: "r"))
        case UInt8(ascii: "\t"): output.append(UInt8(ascii: "t"))
        default:
            output.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), Hex.lowercaseDigits[Int(byte >> 4)], Hex.lowercaseDigits[Int(byte & 0xF)]])
        }
    }
}
