import Testing
import TocsinApp
import TocsinCore

/// A renderer for tests that must render nothing: every call is recorded as a test failure.
struct UnexpectedRenderer: MessageRenderer {
    func render(_ post: Post, incidentChannel: ChannelInfo?) throws(RenderError) -> OutgoingMessage {
        Issue.record("unexpected render of \(post.template)")
        throw .missingTemplate("\(post.template)", directory: "none")
    }

    func render(_ announcement: Announcement) throws(RenderError) -> OutgoingMessage {
        Issue.record("unexpected render of \(announcement.template)")
        throw .missingTemplate("\(announcement.template)", directory: "none")
    }

    func renderPostmortem(_ facts: PostmortemFacts) throws(RenderError) -> String {
        Issue.record("unexpected postmortem render")
        throw .missingTemplate("postmortem", directory: "none")
    }

    func encode(_ text: RichText) -> String {
        Issue.record("unexpected text encoding")
        return text.plainText
    }
}
