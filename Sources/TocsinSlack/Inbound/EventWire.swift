import Foundation

/// The Events API envelope as sent; every field optional so `SlackInbound` can say which is missing.
struct EventEnvelopeWire: Decodable {
    var type: String?
    var challenge: String?
    var eventID: String?
    var teamID: String?
    var eventTime: Double?
    var event: InnerEventWire?

    private enum CodingKeys: String, CodingKey {
        case type, challenge, event
        case eventID = "event_id"
        case teamID = "team_id"
        case eventTime = "event_time"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = container.lenient(String.self, .type)
        challenge = container.lenient(String.self, .challenge)
        eventID = container.lenient(String.self, .eventID)
        teamID = container.lenient(String.self, .teamID)
        eventTime = container.lenient(Double.self, .eventTime)
        event = container.lenient(InnerEventWire.self, .event)
    }

    func callback() throws(PayloadError) -> EventCallback {
        guard let eventID else { throw .missingField("event_id") }
        guard let teamID else { throw .missingField("team_id") }
        guard let eventTime else { throw .missingField("event_time") }
        guard let event else { throw .missingField("event") }
        guard let type = event.type else { throw .missingField("event.type") }
        return EventCallback(
            eventID: eventID, teamID: teamID, eventTime: Date(timeIntervalSince1970: eventTime),
            type: EventType(wireName: type),
            channel: event.channel ?? event.channelID, user: event.user, ts: event.ts, text: event.text.map(SlackMarkup.decode),
            threadTS: event.threadTS, reaction: event.reaction,
            itemChannel: event.item?.channel, itemTS: event.item?.ts ?? event.item?.message?.ts,
            botID: event.botID, subtype: event.subtype, files: event.files?.compactMap { $0.name ?? $0.title } ?? [])
    }
}

/// The inner `event` object; fields of other shapes than expected read as absent.
struct InnerEventWire: Decodable {
    struct Item: Decodable {
        struct Message: Decodable {
            var ts: String?
            private enum CodingKeys: String, CodingKey { case ts }
            init(from decoder: any Decoder) throws {
                ts = try decoder.container(keyedBy: CodingKeys.self).lenient(String.self, .ts)
            }
        }

        var channel: String?
        var ts: String?
        var message: Message?

        private enum CodingKeys: String, CodingKey { case channel, ts, message }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            channel = container.lenient(String.self, .channel)
            ts = container.lenient(String.self, .ts)
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
        case type, channel, user, ts, text, reaction, item, subtype, files
        case channelID = "channel_id"
        case threadTS = "thread_ts"
        case botID = "bot_id"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = container.lenient(String.self, .type)
        channel = container.lenient(String.self, .channel)
        channelID = container.lenient(String.self, .channelID)
        user = container.lenient(String.self, .user)
        ts = container.lenient(String.self, .ts)
        text = container.lenient(String.self, .text)
        threadTS = container.lenient(String.self, .threadTS)
        reaction = container.lenient(String.self, .reaction)
        item = container.lenient(Item.self, .item)
        botID = container.lenient(String.self, .botID)
        subtype = container.lenient(String.self, .subtype)
        files = container.lenient([File].self, .files)
    }
}
