/// The Web API methods the sandbox serves, each with its Slack rate-limit tier (docs.slack.dev, FACTS §5).
///
/// Any other method name is answered `unknown_method` with HTTP 404, as Slack does.
enum WebAPIMethod: String, CaseIterable, Sendable {
    case authTest = "auth.test"
    case bookmarksAdd = "bookmarks.add"
    case chatGetPermalink = "chat.getPermalink"
    case chatPostEphemeral = "chat.postEphemeral"
    case chatPostMessage = "chat.postMessage"
    case chatUpdate = "chat.update"
    case conversationsArchive = "conversations.archive"
    case conversationsCreate = "conversations.create"
    case conversationsHistory = "conversations.history"
    case conversationsInfo = "conversations.info"
    case conversationsInvite = "conversations.invite"
    case conversationsJoin = "conversations.join"
    case conversationsList = "conversations.list"
    case conversationsMembers = "conversations.members"
    case conversationsOpen = "conversations.open"
    case conversationsReplies = "conversations.replies"
    case conversationsSetPurpose = "conversations.setPurpose"
    case conversationsSetTopic = "conversations.setTopic"
    case pinsAdd = "pins.add"
    case reactionsAdd = "reactions.add"
    case usergroupsList = "usergroups.list"
    case usergroupsUsersList = "usergroups.users.list"
    case usersInfo = "users.info"
    case viewsOpen = "views.open"

    var rateLimit: RateLimiter.Limit {
        switch self {
        case .authTest, .chatGetPermalink: .perMinute(600)  // "special": hundreds per minute
        case .chatPostMessage: .perChannelPerSecond(burst: 3)
        case .bookmarksAdd, .conversationsArchive, .conversationsCreate, .conversationsList,
            .conversationsSetPurpose, .conversationsSetTopic, .pinsAdd, .usergroupsList, .usergroupsUsersList:
            RateLimiter.tier2
        case .chatUpdate, .conversationsHistory, .conversationsInfo, .conversationsInvite, .conversationsJoin,
            .conversationsOpen, .conversationsReplies, .reactionsAdd:
            RateLimiter.tier3
        case .chatPostEphemeral, .conversationsMembers, .usersInfo, .viewsOpen:
            RateLimiter.tier4
        }
    }
}
