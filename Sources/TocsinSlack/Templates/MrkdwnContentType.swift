import Mustache

/// Mustache escaping by Slack's rules (only `&`, `<` and `>`), so a template value is escaped exactly once.
///
/// HTML escaping would also rewrite quotes and apostrophes, which Slack shows literally.
struct MrkdwnContentType: MustacheContentType {
    static let name = "SLACK_MRKDWN"

    func escapeText(_ text: String) -> String {
        SlackMarkup.escape(text)
    }
}
