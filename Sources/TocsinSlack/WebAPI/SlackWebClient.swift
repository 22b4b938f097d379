import Foundation
import Logging
import TocsinApp
import TocsinCore
import TocsinHTTP

/// The live `ChatAPI`: Slack's Web API over libcurl.
///
/// `chat.postMessage` and `chat.update` go as JSON, everything else as form posts; the
/// bot token travels only in the `Authorization: Bearer` header. Slack's answers become
/// `ChatError`s (see `SlackErrorMapping`). Point `baseURL` at the sandbox workspace to
/// run against it; plain `http://` is refused unless the host is loopback.
public struct SlackWebClient: ChatAPI {
    /// Slack's documented batch size for `conversations.invite`.
    static let inviteBatchSize = 100
    /// Slack's limit for a channel topic.
    static let topicLimit = 250
    /// A bound on `conversations.list` pages, against a server that never ends the cursor chain.
    static let maxListPages = 500

    let baseURL: String
    let token: String
    let logger: Logger
    let transport: HTTPTransport
    let pacer: CallPacer

    /// - Parameters:
    ///   - baseURL: the Web API root, e.g. `https://slack.com/api/` (a trailing `/` is added if missing).
    ///   - token: the bot token (`xoxb-…`), sent only as a bearer token.
    ///   - connectTimeout: seconds allowed to connect.
    ///   - requestTimeout: seconds allowed for a whole call.
    ///   - rateLimits: how fast calls may be made; calls beyond are refused with `.rateLimited` before reaching Slack.
    ///   - logger: each call is logged at debug level with its method, duration and outcome.
    public init(
        baseURL: String = "https://slack.com/api/", token: String,
        connectTimeout: Double = 5, requestTimeout: Double = 20, rateLimits: RateLimitSettings = RateLimitSettings(),
        logger: Logger
    ) {
        self.pacer = CallPacer(limits: rateLimits)
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.token = token
        self.logger = logger
        self.transport = HTTPTransport(connectTimeout: connectTimeout, requestTimeout: requestTimeout)
    }

    public func identity() async throws(ChatError) -> BotIdentity {
        let answer: AuthTestResponse = try await call(.authTest, form: [])
        return BotIdentity(userID: answer.userID, teamID: answer.teamID)
    }

    public func createChannel(named name: String) async throws(ChatError) -> ChannelInfo {
        let answer: ChannelResponse = try await call(.conversationsCreate, form: [("name", name)])
        return answer.channel.info
    }

    /// Lists public channels and the private channels the bot is in (`groups:read`), archived ones included:
    /// an archived channel keeps its name, so the caller must know it is there rather than try to create it.
    public func findChannel(named name: String) async throws(ChatError) -> FoundChannel? {
        var cursor = ""
        var seenCursors: Set<String> = []
        for _ in 0..<Self.maxListPages {
            var form = [
                ("types", "public_channel,private_channel"), ("exclude_archived", "false"), ("limit", "200"),
            ]
            if !cursor.isEmpty { form.append(("cursor", cursor)) }
            let page: ChannelListResponse = try await call(.conversationsList, form: form)
            if let match = page.channels.first(where: { $0.name == name }) {
                return match.found
            }
            cursor = page.responseMetadata?.nextCursor ?? ""
            guard !cursor.isEmpty, seenCursors.insert(cursor).inserted else { return nil }
        }
        return nil
    }

    public func joinChannel(id: String) async throws(ChatError) {
        let _: EmptyResponse = try await call(.conversationsJoin, form: [("channel", id)])
    }

    public func invite(userIDs: [String], toChannel channelID: String) async throws(ChatError) -> [RefusedInvite] {
        var unique: [String] = []
        var seen: Set<String> = []
        for user in userIDs where seen.insert(user).inserted { unique.append(user) }
        var refused: [RefusedInvite] = []
        var start = 0
        while start < unique.count {
            let batch = Array(unique[start..<min(start + Self.inviteBatchSize, unique.count)])
            refused += try await inviteBatch(batch, channelID: channelID)
            start += Self.inviteBatchSize
        }
        return refused
    }

    public func setTopic(_ topic: String, channelID: String) async throws(ChatError) {
        let cut = String(topic.prefix(Self.topicLimit))
        let _: EmptyResponse = try await call(.conversationsSetTopic, form: [("channel", channelID), ("topic", cut)])
    }

    public func postMessage(_ message: OutgoingMessage, channelID: String) async throws(ChatError) -> String {
        let answer: MessageResponse = try await call(.chatPostMessage, json: ChatMessageBody.post(message, channelID: channelID), channel: channelID)
        return answer.ts
    }

    public func updateMessage(_ message: OutgoingMessage, channelID: String, ts: String) async throws(ChatError) {
        let body = ChatMessageBody.update(message, channelID: channelID, ts: ts)
        let _: EmptyResponse = try await call(.chatUpdate, json: body)
    }

    public func openForm(_ form: FormDefinition, triggerID: String) async throws(ChatError) {
        let _: EmptyResponse = try await call(.viewsOpen, json: ModalOpenBody(form, triggerID: triggerID))
    }

    public func addReaction(_ name: String, channelID: String, ts: String) async throws(ChatError) {
        do {
            let _: EmptyResponse = try await call(.reactionsAdd, form: [("channel", channelID), ("timestamp", ts), ("name", name)])
        } catch .permanent("already_reacted") {
            return
        }
    }

    public func findMessage(marker: String, channelID: String, threadTS: String?) async throws(ChatError) -> String? {
        var form = [("channel", channelID), ("limit", "100"), ("include_all_metadata", "true")]
        let method: SlackMethod
        if let threadTS {
            method = .conversationsReplies
            form.append(("ts", threadTS))
        } else {
            method = .conversationsHistory
        }
        let page: MessageListResponse = try await call(method, form: form)
        return page.messages.first {
            $0.metadata?.eventType == MessageMetadata.deliveryEventType && $0.metadata?.marker == marker
        }?.ts
    }

    /// Slack's documented redirect that opens a channel in the app or the browser (`slack.com/app_redirect`).
    public func channelURL(id: String) -> String? {
        var components = URLComponents(string: "https://slack.com/app_redirect")
        components?.queryItems = [URLQueryItem(name: "channel", value: id)]
        return components?.url?.absoluteString
    }

    /// `conversations.open` with one user: Slack opens the 1:1 conversation or answers the one already open
    /// (`already_open`), so calling it again is harmless.
    public func openDirectMessage(userID: String) async throws(ChatError) -> String {
        let answer: ConversationOpenResponse = try await call(.conversationsOpen, form: [("users", userID)])
        return answer.channel.id
    }

    public func userGroupMembers(handle: String) async throws(ChatError) -> [String] {
        let wanted = (handle.hasPrefix("@") ? String(handle.dropFirst()) : handle).lowercased()
        let groups: UserGroupListResponse = try await call(.usergroupsList, form: [])
        guard let group = groups.usergroups.first(where: { $0.handle.lowercased() == wanted }) else {
            throw .permanent("usergroup_not_found")
        }
        let members: UserGroupUsersResponse = try await call(.usergroupsUsersList, form: [("usergroup", group.id)])
        return members.users
    }
}

/// Described without the bot token.
extension SlackWebClient: CustomStringConvertible {
    public var description: String { "SlackWebClient(\(baseURL), bot token redacted)" }
}
