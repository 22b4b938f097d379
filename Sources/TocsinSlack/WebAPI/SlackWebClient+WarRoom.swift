import TocsinApp
import TocsinCore

/// The calls that keep the war room small and tidy: a private note to one person, a message's permalink,
/// and archiving a channel.
extension SlackWebClient {
    /// `chat.postEphemeral`: only `userID` sees it, and only while they are in the channel
    /// (`user_not_in_channel` otherwise). Text only: Slack keeps ephemeral messages out of history.
    public func postEphemeral(_ message: OutgoingMessage, channelID: String, userID: String) async throws(ChatError) {
        var form = [("channel", channelID), ("user", userID), ("text", SlackText.cap(message.text, to: SlackText.postTextLimit))]
        if let thread = message.threadTS { form.append(("thread_ts", thread)) }
        let _: EmptyResponse = try await call(.chatPostEphemeral, form: form)
    }

    /// `chat.getPermalink`: the message's address, with `thread_ts` for a reply.
    public func messageLink(channelID: String, ts: String) async throws(ChatError) -> String {
        let answer: PermalinkResponse = try await call(.chatGetPermalink, form: [("channel", channelID), ("message_ts", ts)])
        return answer.permalink
    }

    /// `conversations.archive`; a channel archived already (`already_archived`) counts as archived, so a
    /// repeated call after a lost answer is not an error.
    public func archiveChannel(id: String) async throws(ChatError) {
        do {
            let _: EmptyResponse = try await call(.conversationsArchive, form: [("channel", id)])
        } catch .permanent("already_archived") {
            return
        }
    }
}

/// `chat.getPermalink`'s answer.
struct PermalinkResponse: Decodable {
    var permalink: String
}
