/// Every Web API method `SlackWebClient` calls, with the bot scopes Tocsin asks for to call it.
///
/// The client can only call a method listed here, and the app manifest's scopes are derived from
/// this list (see ``SlackAppPermissions``), so the two cannot drift apart. Scopes are as documented
/// on each method's page at docs.slack.dev; where Slack accepts any one of several scopes, the one
/// another call needs anyway is chosen, so the app asks for no more than it uses.
public enum SlackMethod: String, CaseIterable, Sendable {
    case authTest = "auth.test"
    case chatGetPermalink = "chat.getPermalink"
    case chatPostEphemeral = "chat.postEphemeral"
    case chatPostMessage = "chat.postMessage"
    case chatUpdate = "chat.update"
    case conversationsArchive = "conversations.archive"
    case conversationsCreate = "conversations.create"
    case conversationsHistory = "conversations.history"
    case conversationsInvite = "conversations.invite"
    case conversationsJoin = "conversations.join"
    case conversationsList = "conversations.list"
    case conversationsOpen = "conversations.open"
    case conversationsReplies = "conversations.replies"
    case conversationsSetTopic = "conversations.setTopic"
    case reactionsAdd = "reactions.add"
    case usergroupsList = "usergroups.list"
    case usergroupsUsersList = "usergroups.users.list"
    case viewsOpen = "views.open"

    /// The bot scopes this call needs, as Tocsin uses it.
    public var botScopes: [String] {
        switch self {
        case .authTest, .viewsOpen, .chatGetPermalink:
            // chat.getPermalink lists no scope (docs.slack.dev).
            []
        case .chatPostMessage, .chatUpdate, .chatPostEphemeral:
            // The bot joins (or is invited to) every channel it posts in, so `chat:write.public` is not needed.
            ["chat:write"]
        case .conversationsCreate:
            // Incident channels are public; `groups:write` would only be needed for private ones.
            ["channels:manage"]
        case .conversationsInvite, .conversationsSetTopic, .conversationsArchive:
            // Only in the public incident channel; `channels:manage` (needed to create it) covers both.
            ["channels:manage"]
        case .conversationsJoin:
            ["channels:join"]
        case .conversationsList:
            // `types=public_channel,private_channel`: private ring channels the bot was invited to.
            ["channels:read", "groups:read"]
        case .conversationsOpen:
            // Only 1:1 direct messages (role briefings, handoff summaries); `mpim:write` would be for group DMs.
            ["im:write"]
        case .conversationsHistory:
            // Looking up an interrupted post, in a ring channel that may be private, or in a direct message.
            ["channels:history", "groups:history", "im:history"]
        case .conversationsReplies:
            // Looking up an interrupted reply in an executive thread, in a ring channel that may be private.
            ["channels:history", "groups:history"]
        case .reactionsAdd:
            ["reactions:write"]
        case .usergroupsList, .usergroupsUsersList:
            ["usergroups:read"]
        }
    }
}

/// The Events API subscriptions Tocsin handles, each with the bot scope Slack requires for it.
public enum SlackBotEvent: String, CaseIterable, Sendable {
    case appMention = "app_mention"
    /// Messages in public channels: incident channels and executive threads.
    case messageChannels = "message.channels"
    /// Messages in private channels the bot is in: questions in a private executive thread.
    case messageGroups = "message.groups"
    case reactionAdded = "reaction_added"
    case reactionRemoved = "reaction_removed"
    case pinAdded = "pin_added"
    case pinRemoved = "pin_removed"
    /// Someone joined a channel the bot is in: an executive joining an incident channel is pointed at its thread.
    case memberJoinedChannel = "member_joined_channel"

    /// The scope Slack requires before it sends this event.
    public var botScope: String {
        switch self {
        case .appMention: "app_mentions:read"
        case .messageChannels: "channels:history"
        case .messageGroups: "groups:history"
        case .reactionAdded, .reactionRemoved: "reactions:read"
        case .pinAdded, .pinRemoved: "pins:read"
        // Public incident channels; `groups:read` (asked for already) adds private ones.
        case .memberJoinedChannel: "channels:read"
        }
    }
}

/// What the Slack app asks for when installed: derived from the methods the client calls, the events
/// Tocsin handles and its slash command, and nothing else.
public enum SlackAppPermissions {
    /// The scope every slash command needs.
    public static let commandScope = "commands"

    /// The bot scopes for the manifest, each once, in a stable order.
    public static var botScopes: [String] {
        var scopes = [commandScope]
        for scope in SlackMethod.allCases.flatMap(\.botScopes) + SlackBotEvent.allCases.map(\.botScope) where !scopes.contains(scope) {
            scopes.append(scope)
        }
        return scopes
    }

    /// The bot events for the manifest.
    public static var botEvents: [String] {
        SlackBotEvent.allCases.map(\.rawValue)
    }
}
