import Mustache

/// Mustache escaping for Slack message text: only `&`, `<` and `>` are control characters there.
///
/// HTML escaping would also rewrite quotes and apostrophes, which Slack shows literally.
struct SlackTextContentType: MustacheContentType {
    static let name = "SLACK"

    func escapeText(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
