/// Reads and checks the JSON arguments of a message (`blocks`, `attachments`, `metadata`) as Slack does,
/// so a malformed message fails here the way it would fail in Slack.
enum MessageContent {
    static let maximumBlocks = 50
    static let maximumAttachments = 100

    /// Block types Slack accepts in messages.
    static let blockTypes: Set<String> = [
        "actions", "context", "divider", "file", "header", "image", "input", "markdown", "rich_text", "section",
        "table", "video",
    ]

    /// The blocks, or nil when the argument is absent. Not a JSON array is `invalid_blocks_format`;
    /// an array Block Kit would refuse is `invalid_blocks`.
    static func blocks(_ text: String?) throws(SlackError) -> JSON? {
        guard let text else { return nil }
        guard let value = try? JSONParser.parse(text), let blocks = value.arrayValue else {
            throw SlackError("invalid_blocks_format")
        }
        guard blocks.count <= maximumBlocks else { throw SlackError("invalid_blocks") }
        var blockIDs: Set<String> = []
        for block in blocks {
            guard let type = block["type"]?.stringValue, blockTypes.contains(type) else { throw SlackError("invalid_blocks") }
            if let blockID = block["block_id"] {
                guard let id = blockID.stringValue, !id.isEmpty, id.count <= 255, blockIDs.insert(id).inserted else {
                    throw SlackError("invalid_blocks")
                }
            }
            try check(block, type: type)
        }
        return value
    }

    private static func check(_ block: JSON, type: String) throws(SlackError) {
        switch type {
        case "section":
            if let text = block["text"] { try checkText(text, maximum: 3000) }
            guard block["text"] != nil || block["fields"] != nil else { throw SlackError("invalid_blocks") }
            if let accessory = block["accessory"] { try checkElement(accessory) }
        case "header":
            guard let text = block["text"], text["type"]?.stringValue == "plain_text" else { throw SlackError("invalid_blocks") }
            try checkText(text, maximum: 150)
        case "actions":
            guard let elements = block["elements"]?.arrayValue, (1...25).contains(elements.count) else {
                throw SlackError("invalid_blocks")
            }
            for element in elements { try checkElement(element) }
            // An action_id "should be unique among all other action_ids in the containing block" (Block Kit's
            // element reference, in node-slack-sdk's Actionable type); clicks could not be told apart otherwise.
            let actionIDs = elements.compactMap { $0["action_id"]?.stringValue }
            guard Set(actionIDs).count == actionIDs.count else { throw SlackError("invalid_blocks") }
        case "context":
            guard let elements = block["elements"]?.arrayValue, (1...10).contains(elements.count) else {
                throw SlackError("invalid_blocks")
            }
        default:
            break
        }
    }

    private static func checkText(_ text: JSON, maximum: Int) throws(SlackError) {
        guard let kind = text["type"]?.stringValue, kind == "plain_text" || kind == "mrkdwn",
            let body = text["text"]?.stringValue, !body.isEmpty, body.count <= maximum
        else { throw SlackError("invalid_blocks") }
    }

    /// Buttons carry routing data; Slack's limits: text ≤ 75, `action_id` ≤ 255, `value` ≤ 2000, `url` ≤ 3000.
    private static func checkElement(_ element: JSON) throws(SlackError) {
        guard let type = element["type"]?.stringValue else { throw SlackError("invalid_blocks") }
        guard type == "button" else { return }
        guard let text = element["text"], text["type"]?.stringValue == "plain_text" else { throw SlackError("invalid_blocks") }
        try checkText(text, maximum: 75)
        if let actionID = element["action_id"] {
            guard let id = actionID.stringValue, id.count <= 255 else { throw SlackError("invalid_blocks") }
        }
        if let value = element["value"] {
            guard let text = value.stringValue, text.count <= 2000 else { throw SlackError("invalid_blocks") }
        }
        if let url = element["url"] {
            guard let text = url.stringValue, text.count <= 3000 else { throw SlackError("invalid_blocks") }
        }
    }

    static func attachments(_ text: String?) throws(SlackError) -> JSON? {
        guard let text else { return nil }
        guard let value = try? JSONParser.parse(text), let list = value.arrayValue else {
            throw SlackError("invalid_attachments")
        }
        guard list.count <= maximumAttachments else { throw SlackError("too_many_attachments") }
        guard list.allSatisfy(\.isObject) else { throw SlackError("invalid_attachments") }
        return value
    }

    /// `{"event_type": "…", "event_payload": {…}}`; `{}` is returned as is (it clears metadata on update).
    static func metadata(_ text: String?) throws(SlackError) -> JSON? {
        guard let text else { return nil }
        guard let value = try? JSONParser.parse(text), value.isObject else { throw SlackError("invalid_metadata_format") }
        if value == [:] { return value }
        guard let eventType = value["event_type"]?.stringValue, !eventType.isEmpty, value["event_payload"]?.isObject == true
        else { throw SlackError("invalid_metadata_schema") }
        return value
    }

    /// True when `blocks` holds at least one block.
    static func hasContent(_ value: JSON?) -> Bool {
        !(value?.arrayValue?.isEmpty ?? true)
    }
}
