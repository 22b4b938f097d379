/// A message in a named channel that belongs to no single incident, such as the weekly SLO review.
///
/// A ``Post`` shows an incident's facts beside what it says; an announcement has no incident to show, so it
/// carries only its channel and its content, and the outbox keeps it without an incident number.
public struct Announcement: Sendable, Equatable, Codable {
    /// The channel's name, without `#`.
    public var channel: String
    public var content: MessageContent

    public init(channel: String, content: MessageContent) {
        self.channel = channel
        self.content = content
    }

    /// The kind of message, which names its template.
    public var template: MessageTemplate { content.template }
}
