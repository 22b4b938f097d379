import TocsinCore
import Foundation

/// An Events API request body, decoded: what the events route has to act on.
public enum SlackEvent: Sendable, Equatable {
    /// Slack checking the Request URL; answer with the challenge.
    case urlVerification(challenge: String)
    /// A subscribed event happened.
    case callback(EventCallback)
    /// Slack is dropping events for this workspace (more than 30,000 an hour).
    case appRateLimited
}

/// The `event_callback` envelope and the fields of its inner event that Tocsin reads.
///
/// Inner events differ in shape; the fields here are the few the bot uses, `nil` when an
/// event does not carry them. `eventID` is what Slack's retries share: dedupe on it.
public struct EventCallback: Sendable, Equatable {
    public var eventID: String
    public var teamID: String
    /// When the event happened (`event_time`, Unix seconds).
    public var eventTime: Date
    public var type: EventType
    /// `channel`, or `channel_id` for pin events.
    public var channel: String?
    public var user: String?
    public var ts: String?
    /// The message text, decoded from Slack's markup.
    public var text: RichText?
    public var threadTS: String?
    /// The emoji name of a reaction, without colons.
    public var reaction: String?
    /// The channel of the item a reaction or pin refers to.
    public var itemChannel: String?
    /// The ts of the message a reaction or pin refers to.
    public var itemTS: String?
    /// Set on messages posted by bots, this one and other integrations alike.
    public var botID: String?
    public var subtype: String?
    /// Names of the files shared with a message.
    public var files: [String]
    /// The name another integration posts under (`username`, or its `bot_profile.name`).
    public var botName: String?
    /// The ts of the message a `message_deleted` event removed.
    public var deletedTS: String?
    /// This app's bot user in the workspaces the event is for (`authorizations[].user_id`, or the
    /// older `authed_users`): a message by one of these is the bot's own.
    public var authorizedUserIDs: [String]

    /// For `message_changed` events, `user`, `ts`, `text`, `threadTS`, `botID` and `files` are the
    /// edited message's (its `message` object), so an edit reads like the message it replaces.
    public init(
        eventID: String, teamID: String, eventTime: Date, type: EventType,
        channel: String? = nil, user: String? = nil, ts: String? = nil, text: RichText? = nil,
        threadTS: String? = nil, reaction: String? = nil, itemChannel: String? = nil,
        itemTS: String? = nil, botID: String? = nil, subtype: String? = nil, files: [String] = [],
        botName: String? = nil, deletedTS: String? = nil, authorizedUserIDs: [String] = []
    ) {
        self.botName = botName
        self.deletedTS = deletedTS
        self.authorizedUserIDs = authorizedUserIDs
        self.files = files
        self.eventID = eventID
        self.teamID = teamID
        self.eventTime = eventTime
        self.type = type
        self.channel = channel
        self.user = user
        self.ts = ts
        self.text = text
        self.threadTS = threadTS
        self.reaction = reaction
        self.itemChannel = itemChannel
        self.itemTS = itemTS
        self.botID = botID
        self.subtype = subtype
    }
}

/// The inner event types Tocsin subscribes to; anything else is `.other` with its wire name.
public enum EventType: Sendable, Equatable {
    case message
    case appMention
    case reactionAdded
    case reactionRemoved
    case pinAdded
    case pinRemoved
    case memberJoinedChannel
    case memberLeftChannel
    case other(String)

    init(wireName: String) {
        switch wireName {
        case "message": self = .message
        case "app_mention": self = .appMention
        case "reaction_added": self = .reactionAdded
        case "reaction_removed": self = .reactionRemoved
        case "pin_added": self = .pinAdded
        case "pin_removed": self = .pinRemoved
        case "member_joined_channel": self = .memberJoinedChannel
        case "member_left_channel": self = .memberLeftChannel
        default: self = .other(wireName)
        }
    }
}
