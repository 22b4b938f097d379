import Foundation
import TocsinCore

/// The Events API envelope as sent; every field optional so `SlackInbound` can say which is missing.
struct EventEnvelopeWire: Decodable {
    var type: String?
    var challenge: String?
    var eventID: String?
    var teamID: String?
    var eventTime: Double?
    var event: InnerEventWire?
    /// The installations the event is delivered to; `user_id` is the app's bot user there.
    var authorizations: [Authorization]?
    /// What older payloads carry instead of `authorizations` (the fixtures' `authed_users`).
    var authedUsers: [String]?

    struct Authorization: Decodable {
        var userID: String?
        private enum CodingKeys: String, CodingKey { case userID = "user_id" }
        init(from decoder: any Decoder) throws {
            userID = try decoder.container(keyedBy: CodingKeys.self).lenient(String.self, .userID)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case type, challenge, event, authorizations
        case eventID = "event_id"
        case teamID = "team_id"
        case eventTime = "event_time"
        case authedUsers = "authed_users"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = container.lenient(String.self, .type)
        challenge = container.lenient(String.self, .challenge)
        eventID = container.lenient(String.self, .eventID)
        teamID = container.lenient(String.self, .teamID)
        eventTime = container.lenient(Double.self, .eventTime)
        event = container.lenient(InnerEventWire.self, .event)
        authorizations = container.lenient([Authorization].self, .authorizations)
        authedUsers = container.lenient([String].self, .authedUsers)
    }

    func callback() throws(PayloadError) -> EventCallback {
        guard let eventID else { throw .missingField("event_id") }
        guard let teamID else { throw .missingField("team_id") }
        guard let eventTime else { throw .missingField("event_time") }
        guard SlackTimestamp.isValidEventTime(eventTime) else { throw .malformed("event_time \(eventTime) is not a Unix time") }
        guard let event else { throw .missingField("event") }
        guard let type = event.type else { throw .missingField("event.type") }
        // An edit carries the message as it now is in `message`; the event's own `ts` is the edit's.
        let edited = event.subtype == "message_changed" ? event.message : nil
        return EventCallback(
            eventID: eventID, teamID: teamID, eventTime: Date(timeIntervalSince1970: eventTime),
            type: EventType(wireName: type),
            channel: event.channel ?? event.channelID, user: edited?.user ?? event.user, ts: edited?.ts ?? event.ts,
            text: Self.messageText(edited?.text ?? event.text),
            threadTS: edited?.threadTS ?? event.threadTS, reaction: event.reaction,
            itemChannel: event.item?.channel, itemTS: event.item?.ts ?? event.item?.message?.ts,
            botID: edited?.botID ?? event.botID, subtype: event.subtype,
            files: (edited?.files ?? event.files)?.compactMap { $0.name ?? $0.title } ?? [],
            botName: edited?.botName ?? event.botName, deletedTS: event.deletedTS,
            authorizedUserIDs: authorizations?.compactMap(\.userID) ?? authedUsers ?? [])
    }

    /// The one place message text is read from an event, for new and edited messages alike: decoded
    /// from Slack's markup once.
    static func messageText(_ raw: String?) -> RichText? {
        raw.map(SlackMarkup.decode)
    }
}

/// The inner `event` object; fields of other shapes than expected read as absent.
struct InnerEventWire: Decodable {
    struct Item: Decodable {
        struct Message: Decodable {
            var ts: String?
            private enum CodingKeys: String, CodingKey { case ts }
            init(from decoder: any Decoder) throws {
                ts = try decoder.container(keyedBy: CodingKeys.self).timestamp(.ts)
            }
        }

        var channel: String?
        var ts: String?
        var message: Message?

        private enum CodingKeys: String, CodingKey { case channel, ts, message }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            channel = container.lenient(String.self, .channel)
            ts = container.timestamp(.ts)
            message = container.lenient(Message.self, .message)
        }
    }

    var type: String?
    var channel: String?
    var channelID: String?
    var user: String?
    var ts: String?
    var text: String?
    var threadTS: String?
    var reaction: String?
    var item: Item?
    var botID: String?
    var subtype: String?
    var files: [File]?
    /// The message as it now is, in a `message_changed` event.
    var message: EditedMessage?
    /// The deleted message's ts, in a `message_deleted` event.
    var deletedTS: String?
    /// An integration's name: `username` on a `bot_message`, else the app's `bot_profile.name`.
    var botName: String?

    /// The `message` of a `message_changed` event: the fields of a message event that Tocsin reads.
    struct EditedMessage: Decodable {
        var user: String?
        var text: String?
        var ts: String?
        var threadTS: String?
        var botID: String?
        var botName: String?
        var files: [File]?

        private enum CodingKeys: String, CodingKey {
            case user, text, ts, files, username
            case threadTS = "thread_ts"
            case botID = "bot_id"
            case botProfile = "bot_profile"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            user = container.lenient(String.self, .user)
            text = container.lenient(String.self, .text)
            ts = container.timestamp(.ts)
            threadTS = container.timestamp(.threadTS)
            botID = container.lenient(String.self, .botID)
            botName = container.lenient(String.self, .username) ?? container.lenient(BotProfile.self, .botProfile)?.name
            files = container.lenient([File].self, .files)
        }
    }

    /// `bot_profile` on messages posted by apps: only the name is read.
    struct BotProfile: Decodable {
        var name: String?
    }

    /// A shared file (`message` events with subtype `file_share`); only its name is kept.
    struct File: Decodable {
        var name: String?
        var title: String?
        private enum CodingKeys: String, CodingKey { case name, title }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = container.lenient(String.self, .name)
            title = container.lenient(String.self, .title)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case type, channel, user, ts, text, reaction, item, subtype, files, message, username
        case channelID = "channel_id"
        case threadTS = "thread_ts"
        case botID = "bot_id"
        case deletedTS = "deleted_ts"
        case botProfile = "bot_profile"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = container.lenient(String.self, .type)
        channel = container.lenient(String.self, .channel)
        channelID = container.lenient(String.self, .channelID)
        user = container.lenient(String.self, .user)
        ts = container.timestamp(.ts)
        text = container.lenient(String.self, .text)
        threadTS = container.timestamp(.threadTS)
        reaction = container.lenient(String.self, .reaction)
        item = container.lenient(Item.self, .item)
        botID = container.lenient(String.self, .botID)
        subtype = container.lenient(String.self, .subtype)
        files = container.lenient([File].self, .files)
        message = container.lenient(EditedMessage.self, .message)
        deletedTS = container.timestamp(.deletedTS)
        botName = container.lenient(String.self, .username) ?? container.lenient(BotProfile.self, .botProfile)?.name
    }
}
