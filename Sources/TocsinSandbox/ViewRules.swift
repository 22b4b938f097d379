/// Block Kit's rules for a modal's blocks, as Slack enforces them on `views.open` (docs.slack.dev Block Kit
/// reference: input block, plain_text_input, static_select, option object): a view that breaks one is refused
/// with `invalid_arguments`, as Slack refuses it, so the bot's mistakes show in the sandbox first.
enum ViewRules {
    /// The input element types the sandbox can show and submit.
    static let inputElements: Set<String> = ["plain_text_input", "static_select"]

    static func check(blocks: [JSON], hasSubmit: Bool) throws(SlackError) {
        var blockIDs: Set<String> = []
        var hasInput = false
        for block in blocks {
            guard let type = block["type"]?.stringValue else { throw SlackError("invalid_arguments") }
            if let blockID = block["block_id"]?.stringValue {
                // "Maximum length for this field is 255 characters. block_id should be unique for each message
                // and each iteration of a message."
                guard (1...255).contains(blockID.count), blockIDs.insert(blockID).inserted else { throw SlackError("invalid_arguments") }
            }
            guard type == "input" else { continue }
            hasInput = true
            guard let label = block["label"], label["type"]?.stringValue == "plain_text",
                  let text = label["text"]?.stringValue, (1...2000).contains(text.count),
                  let element = block["element"]
            else { throw SlackError("invalid_arguments") }
            try check(element: element)
        }
        // "A submit button must be provided for modals containing input blocks."
        if hasInput && !hasSubmit { throw SlackError("invalid_arguments") }
    }

    private static func check(element: JSON) throws(SlackError) {
        guard let type = element["type"]?.stringValue, inputElements.contains(type) else { throw SlackError("invalid_arguments") }
        if let actionID = element["action_id"]?.stringValue, !(1...255).contains(actionID.count) { throw SlackError("invalid_arguments") }
        switch type {
        case "plain_text_input":
            let maxLength = element["max_length"].flatMap(intValue) ?? 3000
            guard (1...3000).contains(maxLength) else { throw SlackError("invalid_arguments") }
            if let initial = element["initial_value"]?.stringValue, initial.count > maxLength { throw SlackError("invalid_arguments") }
        default:
            guard let options = element["options"]?.arrayValue, (1...100).contains(options.count) else { throw SlackError("invalid_arguments") }
            for option in options {
                guard let text = option["text"]?["text"]?.stringValue, (1...75).contains(text.count),
                      let value = option["value"]?.stringValue, (1...150).contains(value.count)
                else { throw SlackError("invalid_arguments") }
                if let description = option["description"], description["text"]?.stringValue.map({ $0.count <= 75 }) != true {
                    throw SlackError("invalid_arguments")
                }
            }
        }
    }

    private static func intValue(_ json: JSON) -> Int? {
        if case .number(let text) = json { return Int(text) }
        return nil
    }
}
