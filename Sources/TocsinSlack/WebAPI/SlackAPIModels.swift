import TocsinApp
import TocsinCore

// The Web API answers Tocsin reads, as Decodable wire types (only the fields it uses).

/// The envelope every Web API answer has: `ok`, and on failure `error` (plus per-user
/// `errors` from `conversations.invite`).
struct SlackEnvelope: Decodable, Sendable {
    /// One entry of `conversations.invite`'s `errors` array.
    struct UserError: Decodable, Sendable, Equatable {
        var user: String
        var error: String
    }

    var ok: Bool
    var error: String?
    var errors: [UserError]?

    private enum CodingKeys: String, CodingKey { case ok, error, errors }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ok = try container.decode(Bool.self, forKey: .ok)
        error = try? container.decodeIfPresent(String.self, forKey: .error)
        // Other methods use `errors` for different shapes; only invite's is read.
        errors = try? container.decodeIfPresent([UserError].self, forKey: .errors)
    }
}

struct AuthTestResponse: Decodable {
    var userID: String
    var teamID: String

    private enum CodingKeys: String, CodingKey {
        case userID = "user_id"
        case teamID = "team_id"
    }
}

struct WireChannel: Decodable {
    var id: String
    var name: String
    var creator: String?
    var isArchived: Bool?
    var isPrivate: Bool?
    var isMember: Bool?

    private enum CodingKeys: String, CodingKey {
        case id, name, creator
        case isArchived = "is_archived"
        case isPrivate = "is_private"
        case isMember = "is_member"
    }

    var info: ChannelInfo { ChannelInfo(id: id, name: name, creator: creator) }

    var found: FoundChannel {
        FoundChannel(info: info, isArchived: isArchived ?? false, isPrivate: isPrivate ?? false, isMember: isMember ?? false)
    }
}

struct ChannelResponse: Decodable {
    var channel: WireChannel
}

struct ChannelListResponse: Decodable {
    struct Metadata: Decodable {
        var nextCursor: String?
        private enum CodingKeys: String, CodingKey { case nextCursor = "next_cursor" }
    }

    var channels: [WireChannel]
    var responseMetadata: Metadata?

    private enum CodingKeys: String, CodingKey {
        case channels
        case responseMetadata = "response_metadata"
    }
}

struct MessageResponse: Decodable {
    var ts: String
}

struct UserGroupListResponse: Decodable {
    struct Group: Decodable {
        var id: String
        var handle: String
    }

    var usergroups: [Group]
}

struct UserGroupUsersResponse: Decodable {
    var users: [String]
}

/// For methods whose success carries nothing Tocsin needs.
struct EmptyResponse: Decodable {}

/// `conversations.open`: the direct-message conversation, of which only the id (`D…`) is needed.
struct ConversationOpenResponse: Decodable {
    struct Conversation: Decodable {
        let id: String
    }

    let channel: Conversation
}


/// `conversations.history` / `conversations.replies`: the messages, with their metadata when asked for.
struct MessageListResponse: Decodable {
    struct Message: Decodable {
        var ts: String
        var metadata: LenientMetadata?
    }

    /// Metadata whose payload may be any shape; only Tocsin's own marker is read.
    struct LenientMetadata: Decodable {
        var eventType: String?
        var marker: String?

        private enum CodingKeys: String, CodingKey {
            case eventType = "event_type"
            case eventPayload = "event_payload"
        }

        private enum PayloadKeys: String, CodingKey {
            case marker
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            eventType = try? container.decode(String.self, forKey: .eventType)
            let payload = try? container.nestedContainer(keyedBy: PayloadKeys.self, forKey: .eventPayload)
            marker = try? payload?.decode(String.self, forKey: .marker)
        }
    }

    var messages: [Message]
}
