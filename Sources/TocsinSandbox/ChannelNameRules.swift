/// Slack's channel-name rules for `conversations.create` (docs.slack.dev/reference/methods/conversations.create):
/// lowercase letters, digits, `-` and `_` only, at most 80 characters, not only punctuation. Uppercase is
/// rejected, not lowered.
enum ChannelNameRules {
    static let maximumLength = 80

    /// The error Slack answers for `name`, or nil when it is acceptable (whether it is taken is checked apart).
    static func violation(_ name: String) -> String? {
        if name.isEmpty { return "invalid_name_required" }
        if name.count > maximumLength { return "invalid_name_maxlength" }
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_"
        }
        if !allowed { return "invalid_name_specials" }
        if name.unicodeScalars.allSatisfy({ $0 == "-" || $0 == "_" }) { return "invalid_name_punctuation" }
        return nil
    }
}
