import TocsinApp
import TocsinCore

/// Renders a post as its template's name and incident number, so a test sees which message was sent
/// without depending on the templates' wording.
struct NamingRenderer: MessageRenderer {
    func render(_ post: Post, incidentChannel: ChannelInfo?) throws(RenderError) -> OutgoingMessage {
        OutgoingMessage(text: Self.text(post))
    }

    func render(_ announcement: Announcement) throws(RenderError) -> OutgoingMessage {
        OutgoingMessage(text: "\(announcement.template.rawValue) in #\(announcement.channel)")
    }

    func renderPostmortem(_ facts: PostmortemFacts) throws(RenderError) -> String {
        "postmortem"
    }

    func encode(_ text: RichText) -> String {
        "\(text)"
    }

    /// The text a post renders to.
    static func text(_ post: Post) -> String {
        "\(post.template.rawValue) #\(post.view.number)"
    }
}
