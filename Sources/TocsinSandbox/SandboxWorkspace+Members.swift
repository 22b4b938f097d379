import Foundation

/// People joining channels, and `chat.getPermalink`.
///
/// Slack sends `member_joined_channel` to an app for every channel it is in when someone joins, by themselves or
/// invited (with `inviter`), docs.slack.dev/reference/events/member_joined_channel. The workspace records each
/// join here; the console delivers them to the bot as events, in order.
extension SandboxWorkspace {
    /// Someone joined a channel: what a `member_joined_channel` event says.
    public struct MemberJoin: Sendable, Equatable {
        public var userID: String
        public var channelID: String
        public var isPrivate: Bool
        /// Who invited them; nil when they joined by themselves.
        public var inviter: String?
        /// Whether the bot is in the channel, so that Slack tells it.
        public var botIsMember: Bool
    }

    /// Records joins for every running server's console to deliver.
    func announceJoins(_ users: [String], channel: ChannelRecord, inviter: String?) {
        for user in users {
            let join = MemberJoin(
                userID: user, channelID: channel.id, isPrivate: channel.isPrivate, inviter: inviter,
                botIsMember: channel.members.contains(bot)
            )
            for subscriber in joinSubscribers.values { subscriber.yield(join) }
        }
    }

    /// The joins from now on, until ``unsubscribeFromJoins(_:)`` with the id returned (the newest thousand are
    /// kept while they wait).
    func subscribeToJoins() -> (id: Int, joins: AsyncStream<MemberJoin>) {
        let (joins, continuation) = AsyncStream.makeStream(of: MemberJoin.self, bufferingPolicy: .bufferingNewest(1_000))
        nextJoinSubscriber += 1
        joinSubscribers[nextJoinSubscriber] = continuation
        return (nextJoinSubscriber, joins)
    }

    func unsubscribeFromJoins(_ id: Int) {
        joinSubscribers.removeValue(forKey: id)?.finish()
    }

    /// A person joins a channel from the page (or is invited by `inviter`), as in Slack's client. Returns the
    /// channel, or nil when there is no such user or channel, it is archived, or they are in it already.
    public func join(userID: String, channelID: String, inviter: String? = nil) -> SandboxChannel? {
        guard seed.users.contains(where: { $0.id == userID }), var channel = channelRecords[channelID], !channel.isArchived,
              !channel.members.contains(userID)
        else { return nil }
        if channel.isPrivate && inviter == nil { return nil }
        channel.members.append(userID)
        channelRecords[channelID] = channel
        announceJoins([userID], channel: channel, inviter: inviter)
        return channel.snapshot
    }

    /// `chat.getPermalink`: the message's address in the workspace; a thread reply's carries `thread_ts` and `cid`.
    /// Errors as documented: `channel_not_found`, `message_not_found`.
    func chatGetPermalink(_ params: WebAPIParams) throws(SlackError) -> JSON {
        let channel = try visibleChannel(params["channel"])
        guard let ts = params["message_ts"], let message = messageLog[channel.id]?.first(where: { $0.ts == ts }) else {
            throw SlackError("message_not_found")
        }
        var link = "https://\(seed.teamDomain).slack.com/archives/\(channel.id)/p" + ts.replacingOccurrences(of: ".", with: "")
        if let thread = message.threadTS, thread != message.ts {
            link += "?thread_ts=\(thread)&cid=\(channel.id)"
        }
        return ["channel": .string(channel.id), "permalink": .string(link)]
    }
}
