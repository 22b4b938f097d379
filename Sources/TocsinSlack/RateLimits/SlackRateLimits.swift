import TocsinCore

/// Slack's Web API rate-limit tiers and the method each call belongs to.
///
/// Limits are per method per workspace, counted over a sliding minute (docs.slack.dev
/// "Rate limits"); `chat.postMessage` is special: about one message per second per channel.
enum SlackRateTier {
    case tier1, tier2, tier3, tier4, special

    static func of(_ method: String) -> SlackRateTier {
        switch method {
        case "conversations.create", "conversations.setTopic", "conversations.setPurpose", "conversations.archive",
             "conversations.list", "usergroups.list", "usergroups.users.list", "pins.add", "bookmarks.add":
            .tier2
        case "conversations.invite", "conversations.join", "conversations.info", "conversations.history", "conversations.open",
             "conversations.replies", "chat.update", "reactions.add", "users.lookupByEmail":
            .tier3
        case "conversations.members", "chat.postEphemeral", "users.info", "views.open",
             // "Special": hundreds a minute (docs.slack.dev chat.getPermalink); paced as tier 4 to stay well inside it.
             "chat.getPermalink":
            .tier4
        case "chat.postMessage", "auth.test":
            .special
        default:
            .tier3
        }
    }

    /// Calls allowed per minute under `limits`; nil for methods paced otherwise.
    func perMinute(_ limits: RateLimitSettings) -> Int? {
        switch self {
        case .tier1: limits.tier1PerMinute
        case .tier2: limits.tier2PerMinute
        case .tier3: limits.tier3PerMinute
        case .tier4: limits.tier4PerMinute
        case .special: nil
        }
    }
}
