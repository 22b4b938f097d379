import Testing
import TocsinApp
import TocsinCore

/// A chat platform for tests that must not reach one: every call is recorded as a test failure.
struct UnexpectedChat: ChatAPI {
    private func unexpected(_ call: String) -> ChatError {
        Issue.record("unexpected chat call: \(call)")
        return .permanent("unexpected call \(call)")
    }

    func identity() async throws(ChatError) -> BotIdentity { throw unexpected("identity") }
    func createChannel(named name: String) async throws(ChatError) -> ChannelInfo { throw unexpected("createChannel") }
    func findChannel(named name: String) async throws(ChatError) -> FoundChannel? { throw unexpected("findChannel") }
    func joinChannel(id: String) async throws(ChatError) { throw unexpected("joinChannel") }
    func invite(userIDs: [String], toChannel channelID: String) async throws(ChatError) -> [RefusedInvite] { throw unexpected("invite") }
    func setTopic(_ topic: String, channelID: String) async throws(ChatError) { throw unexpected("setTopic") }
    func postMessage(_ message: OutgoingMessage, channelID: String) async throws(ChatError) -> String { throw unexpected("postMessage") }
    func updateMessage(_ message: OutgoingMessage, channelID: String, ts: String) async throws(ChatError) { throw unexpected("updateMessage") }
    func openForm(_ form: FormDefinition, triggerID: String) async throws(ChatError) { throw unexpected("openForm") }
    func addReaction(_ name: String, channelID: String, ts: String) async throws(ChatError) { throw unexpected("addReaction") }
    func findMessage(marker: String, channelID: String, threadTS: String?) async throws(ChatError) -> String? { throw unexpected("findMessage") }
    func userGroupMembers(handle: String) async throws(ChatError) -> [String] { throw unexpected("userGroupMembers") }
}

/// A renderer for tests that must render nothing: every call is recorded as a test failure.
struct UnexpectedRenderer: MessageRenderer {
    func render(_ post: Post, incidentChannel: ChannelInfo?) throws(RenderError) -> OutgoingMessage {
        Issue.record("unexpected render of \(post.template)")
        throw .missingTemplate("\(post.template)", directory: "none")
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
