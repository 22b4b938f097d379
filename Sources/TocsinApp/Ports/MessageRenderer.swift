import TocsinCore

/// Turns a ``Post`` (a typed message intent) into the message to send, in the chat platform's markup.
///
/// Implemented by the platform's adapter, which owns its templates (Slack: `TemplateRenderer`).
public protocol MessageRenderer: Sendable {
    func render(_ post: Post, incidentChannel: ChannelInfo?) throws(RenderError) -> OutgoingMessage
    /// A message about no single incident (the weekly SLO review).
    func render(_ announcement: Announcement) throws(RenderError) -> OutgoingMessage
    /// The postmortem draft (Markdown).
    func renderPostmortem(_ facts: PostmortemFacts) throws(RenderError) -> String
    /// Text the app words itself (not from a template), in the platform's markup.
    func encode(_ text: RichText) -> String
}

/// Why a message could not be rendered.
public enum RenderError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingTemplate(String, directory: String)
    case invalidTemplate(String, reason: String)

    public var description: String {
        switch self {
        case .missingTemplate(let name, let directory): "The template \(name).mustache is missing from \(directory)."
        case .invalidTemplate(let name, let reason): "The template \(name).mustache cannot be parsed: \(reason)."
        }
    }
}
