/// Finding channels, messages and users the way the bot's token can see them.
extension SandboxWorkspace {
    var bot: String { seed.botUserID }

    /// The channel with this id as the bot sees it: private channels it is not in do not exist for it (FACTS §5).
    func visibleChannel(_ id: String?) throws(SlackError) -> ChannelRecord {
        guard let id, let channel = channelRecords[id], !channel.isPrivate || channel.members.contains(bot) else {
            throw SlackError("channel_not_found")
        }
        return channel
    }

    /// `chat.postMessage`/`chat.postEphemeral` accept an id, a name, or `#name`.
    func channelRecord(forPostTarget target: String) -> ChannelRecord? {
        if let channel = channelRecords[target] { return channel }
        let name = target.hasPrefix("#") ? String(target.dropFirst()) : target
        return channelOrder.lazy.compactMap { self.channelRecords[$0] }.first { $0.name == name }
    }

    func visiblePostTarget(_ target: String?) throws(SlackError) -> ChannelRecord {
        guard let target, let channel = channelRecord(forPostTarget: target) else { throw SlackError("channel_not_found") }
        return try visibleChannel(channel.id)
    }

    func requireBotMember(_ channel: ChannelRecord) throws(SlackError) {
        guard channel.members.contains(bot) else { throw SlackError("not_in_channel") }
    }

    func requireNotArchived(_ channel: ChannelRecord, error: String = "is_archived") throws(SlackError) {
        guard !channel.isArchived else { throw SlackError(error) }
    }

    func channelObject(_ channel: ChannelRecord, numMembers: Bool = false) -> JSON {
        channel.wireObject(viewer: bot, teamID: seed.teamID, numMembers: numMembers)
    }

    func messageIndex(channelID: String, ts: String) -> Int? {
        messageLog[channelID]?.firstIndex { $0.ts == ts }
    }

    func messageObject(_ message: MessageRecord, replies: [MessageRecord] = [], includeMetadata: Bool = true) -> JSON {
        message.wireObject(teamID: seed.teamID, appID: seed.appID, replies: replies, includeMetadata: includeMetadata)
    }

    /// The seed users plus the bot's own user.
    func user(id: String) -> (user: SandboxUser, isBot: Bool)? {
        if id == bot { return (SandboxUser(id: bot, name: seed.botName), true) }
        return seed.users.first { $0.id == id }.map { ($0, false) }
    }

    func replies(to parent: MessageRecord) -> [MessageRecord] {
        (messageLog[parent.channelID] ?? []).filter { $0.isThreadReply && $0.threadTS == parent.ts }
    }
}
