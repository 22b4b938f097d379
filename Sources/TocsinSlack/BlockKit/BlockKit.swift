import TocsinApp

/// Block Kit, the JSON layout Slack renders messages from, for an `OutgoingMessage`.
///
/// Sections become `section` blocks with mrkdwn text, buttons one `actions` block. Slack draws a message
/// that has blocks from its blocks alone ("text will be used as fallback text for notifications only",
/// chat.postMessage), so a message with buttons always carries its words in a section too, and text too
/// long for one section is split over several. `text` always goes along as the notification fallback.
enum BlockKit {
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

    /// The blocks for a message, within Slack's limits; empty for a short text-only message, which
    /// Slack shows from its `text`.
    ///
    /// A message without sections shows its `text` in a section when it has buttons (else Slack would
    /// show only the buttons) or when the text is longer than one section holds. Each section longer
    /// than Slack's limit is split at paragraph, line or word boundaries; what does not fit in 50 blocks
    /// or in ``SlackText/blocksTextLimit`` is cut, with a note saying so.
    ///
    /// Buttons go in rows of at most ``SlackText/buttonsPerActionsBlock`` (an `actions` block holds at most 25
    /// elements); a message's trailing parts follow its buttons, each its sections then its own rows, and
    /// share what is left of the 50 blocks and of the characters.
    static func blocks(for message: OutgoingMessage) -> [Block] {
        var sections = message.sections
        if sections.isEmpty, !message.buttons.isEmpty || !message.trailingParts.isEmpty || SlackText.length(message.text) > SlackText.sectionLimit {
            sections = [message.text]
        }
        let parts = [MessagePart(sections: sections, buttons: message.buttons)] + message.trailingParts
        let rows = parts.map { rowsOf($0.buttons) }
        var room = SlackText.blocksPerMessage - rows.reduce(0) { $0 + $1.count }
        var characters = SlackText.blocksTextLimit
        var blocks: [Block] = []
        for (index, part) in parts.enumerated() {
            let pieces = part.sections.flatMap { SlackText.split($0, limit: SlackText.sectionLimit) }
            // Every later part keeps room for one section of its own.
            let reserved = parts.count - 1 - index
            let kept = room - reserved > 0 && characters > 0 ? fit(pieces, blocks: room - reserved, characters: characters) : []
            blocks += kept.map { Block.section(mrkdwn: $0) }
            room -= kept.count
            characters -= kept.reduce(0) { $0 + SlackText.length($1) }
            blocks += rows[index].map { Block.actions($0) }
        }
        return blocks
    }

    /// Buttons in rows of at most ``SlackText/buttonsPerActionsBlock``.
    static func rowsOf(_ buttons: [MessageButton]) -> [[MessageButton]] {
        stride(from: 0, to: buttons.count, by: SlackText.buttonsPerActionsBlock).map {
            Array(buttons[$0..<min($0 + SlackText.buttonsPerActionsBlock, buttons.count)])
        }
    }

    /// The section texts unchanged when they fit in `blocks` sections and `characters` in all; otherwise
    /// those that fit, the last of them cut and ending with ``SlackText/cutNote``.
    static func fit(_ pieces: [String], blocks: Int, characters: Int) -> [String] {
        let total = pieces.reduce(0) { $0 + SlackText.length($1) }
        guard pieces.count > blocks || total > characters else { return pieces }
        let budget = characters - SlackText.length(SlackText.cutNote)
        var kept: [String] = []
        var used = 0
        for piece in pieces {
            let length = SlackText.length(piece)
            if kept.count == blocks - 1 || used + length > budget {
                let room = min(SlackText.sectionLimit, characters - used)
                kept.append(SlackText.cut(piece, to: room))
                break
            }
            kept.append(piece)
            used += length
        }
        return kept
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

    /// `chat.postMessage`: no `blocks` key at all for a text-only message; `text` cut to what Slack keeps.
    static func post(_ message: OutgoingMessage, channelID: String) -> ChatMessageBody {
        let blocks = BlockKit.blocks(for: message)
        return ChatMessageBody(
            channel: channelID, ts: nil, text: SlackText.cap(message.text, to: SlackText.postTextLimit),
            blocks: blocks.isEmpty ? nil : blocks, threadTS: message.threadTS,
            metadata: message.marker.map(MessageMetadata.delivery))
    }

    /// `chat.update`: always sends `blocks`, `[]` for a text-only message, because an
    /// omitted `blocks` keeps the old ones (and their buttons) on the message. `text` over 4,000
    /// characters is refused (`msg_too_long`), so it is cut; longer words are shown by the blocks.
    static func update(_ message: OutgoingMessage, channelID: String, ts: String) -> ChatMessageBody {
        ChatMessageBody(
            channel: channelID, ts: ts, text: SlackText.cap(message.text, to: SlackText.updateTextLimit),
            blocks: BlockKit.blocks(for: message), threadTS: nil)
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
