import TocsinCore

/// How a chat platform writes message text, implemented by its adapter (Slack: `SlackMarkup`).
///
/// Everything the bot sends is encoded through this once: plain values escaped, rich text's
/// mentions and links written in the platform's markup.
public protocol MessageMarkup: Sendable {
    /// Plain text made to show literally.
    func escape(_ plain: String) -> String
    /// Rich text in the platform's markup, its text escaped once.
    func encode(_ text: RichText) -> String
}
