import Mustache

/// Mustache escaping by the chat platform's rules, so a template value is escaped exactly once.
///
/// HTML escaping would also rewrite quotes and apostrophes, which chat platforms show literally.
struct MarkupContentType: MustacheContentType {
    static let name = "CHAT"

    let markup: any MessageMarkup

    func escapeText(_ text: String) -> String {
        markup.escape(text)
    }
}
