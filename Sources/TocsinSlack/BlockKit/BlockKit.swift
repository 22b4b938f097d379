import TocsinApp

/// Block Kit, the JSON layout Slack renders messages from, for an `OutgoingMessage`.
///
/// Sections become `section` blocks with mrkdwn text (cut to Slack's 3,000-character
/// limit), buttons one `actions` block. `text` always goes along as the notification
/// fallback.
enum BlockKit {
    /// Slack's limit for a section's text.
    static let sectionTextLimit = 3000

    /// One layout block.
    enum Block: Encodable, Equatable {
        case section(mrkdwn: String)
        case actions([MessageButton])

        private enum Keys: String, CodingKey { case type, text, elements, action_id, value, style }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            switch self {
            case .section(let text):
                try container.encode("section", forKey: .type)
                try container.encode(TextObject(type: "mrkdwn", text: text), forKey: .text)
            case .actions(let buttons):
                try container.encode("actions", forKey: .type)
                try container.encode(buttons.map(ButtonElement.init), forKey: .elements)
            }
        }
    }

    struct TextObject: Encodable, Equatable {
        var type: String
        var text: String
    }

    struct ButtonElement: Encodable {
        var type = "button"
        var text: TextObject
        var actionID: String
        var value: String
        var style: String?

        init(_ button: MessageButton) {
            text = TextObject(type: "plain_text", text: button.text)
            actionID = button.actionID
            value = button.value
            style = button.style?.rawValue
        }

        private enum CodingKeys: String, CodingKey {
            case type, text, value, style
            case actionID = "action_id"
        }
    }

    /// The blocks for a message; empty when it has neither sections nor buttons.
    static func blocks(for message: OutgoingMessage) -> [Block] {
        var blocks = message.sections.map { Block.section(mrkdwn: cut($0, to: sectionTextLimit)) }
        if !message.buttons.isEmpty {
            blocks.append(.actions(message.buttons))
        }
        return blocks
    }

    /// Cuts text to `limit` characters, marking the cut with an ellipsis.
    static func cut(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }
}

/// The JSON body of `chat.postMessage` and `chat.update`.
struct ChatMessageBody: Encodable {
    var channel: String
    var ts: String?
    var text: String
    var blocks: [BlockKit.Block]?
    var threadTS: String?
    var metadata: MessageMetadata?

    private enum CodingKeys: String, CodingKey {
        case channel, ts, text, blocks, metadata
        case threadTS = "thread_ts"
    }

    /// `chat.postMessage`: no `blocks` key at all for a text-only message.
    static func post(_ message: OutgoingMessage, channelID: String) -> ChatMessageBody {
        let blocks = BlockKit.blocks(for: message)
        return ChatMessageBody(
            channel: channelID, ts: nil, text: message.text,
            blocks: blocks.isEmpty ? nil : blocks, threadTS: message.threadTS,
            metadata: message.marker.map(MessageMetadata.delivery))
    }

    /// `chat.update`: always sends `blocks`, `[]` for a text-only message, because an
    /// omitted `blocks` keeps the old ones (and their buttons) on the message.
    static func update(_ message: OutgoingMessage, channelID: String, ts: String) -> ChatMessageBody {
        ChatMessageBody(channel: channelID, ts: ts, text: message.text, blocks: BlockKit.blocks(for: message), threadTS: nil)
    }
}

/// Slack message metadata (`{"event_type", "event_payload"}`): Tocsin marks each message with the
/// delivery it came from, invisible to people, so an interrupted delivery can be reconciled.
struct MessageMetadata: Codable, Equatable {
    static let deliveryEventType = "tocsin_delivery"

    struct Payload: Codable, Equatable {
        var marker: String
    }

    var eventType: String
    var eventPayload: Payload

    private enum CodingKeys: String, CodingKey {
        case eventType = "event_type"
        case eventPayload = "event_payload"
    }

    static func delivery(_ marker: String) -> MessageMetadata {
        MessageMetadata(eventType: deliveryEventType, eventPayload: Payload(marker: marker))
    }
}
