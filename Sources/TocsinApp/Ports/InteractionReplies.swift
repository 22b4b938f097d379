import TocsinCore

/// Replies to a person's click that the click's acknowledgement cannot carry: the platform shows nothing
/// answered in it, so each click comes with a short-lived reply address (Slack: the payload's `response_url`).
public protocol InteractionReplies: Sendable {
    /// Shows `text` (written in the platform's markup by the adapter) only to the person whose click gave
    /// `address`, leaving the clicked message as it was.
    ///
    /// Throws `.permanent` for an address the platform would not have issued (it is never called) and for
    /// one that expired or was used up; `.transient` when the platform could not be reached.
    func reply(_ text: RichText, to address: String) async throws(ChatError)
}
