/// What Slack's client shows of a message, so tests can assert that a person sees the words.
///
/// A message with blocks is drawn from its blocks alone: "If attachments or blocks are included, text will
/// be used as fallback text for notifications only" (chat.postMessage). A message whose blocks hold only an
/// `actions` block therefore shows only its buttons. Without blocks, the `text` is the message.
enum MessageDisplay {
    /// The words shown: each text-bearing block's text on its own line, or the `text` when there are no blocks.
    static func visibleText(text: String, blocks: JSON?) -> String {
        guard let blocks = blocks?.arrayValue, !blocks.isEmpty else { return text }
        return blocks.flatMap(words(of:)).joined(separator: "\n")
    }

    /// The labels of the buttons shown, in order (actions blocks and section accessories).
    static func buttons(blocks: JSON?) -> [String] {
        var labels: [String] = []
        for block in blocks?.arrayValue ?? [] {
            let elements = block["type"]?.stringValue == "actions" ? block["elements"]?.arrayValue ?? [] : [block["accessory"]].compactMap { $0 }
            for element in elements where element["type"]?.stringValue == "button" {
                if let label = element["text"]?["text"]?.stringValue { labels.append(label) }
            }
        }
        return labels
    }

    /// The text a block shows; none for actions, dividers, images and kinds the page draws as raw JSON.
    private static func words(of block: JSON) -> [String] {
        switch block["type"]?.stringValue {
        case "section":
            let text = block["text"]?["text"]?.stringValue.map { [$0] } ?? []
            let fields = (block["fields"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }
            return text + fields
        case "header":
            return block["text"]?["text"]?.stringValue.map { [$0] } ?? []
        case "markdown":
            return block["text"]?.stringValue.map { [$0] } ?? []
        case "context":
            let parts = (block["elements"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }
            return parts.isEmpty ? [] : [parts.joined(separator: "  ·  ")]
        default:
            return []
        }
    }
}
