import Foundation

/// A `response_url` the sandbox handed out with a slash command or a button click: where replies go and
/// how often it may still be used ("up to 5 times within 30 minutes", FACTS §2).
struct ResponseURLGrant: Sendable {
    enum Origin: Sendable {
        case command
        /// A click on a button of the message with this ts.
        case action(messageTS: String)
    }

    static let maximumUses = 5
    static let lifetime: TimeInterval = 30 * 60

    var channelID: String
    var userID: String
    var origin: Origin
    var issued: Date
    var uses = 0
}

/// What a person does from the web page: post as a user, and receive the bot's replies to commands and clicks.
extension SandboxWorkspace {
    /// A person's message typed on the page; they join the channel first if they were not in it.
    public func postAsUser(_ userID: String, channelID: String, text: String, threadTS: String?, now: Date = Date())
        -> SandboxMessage?
    {
        guard seed.users.contains(where: { $0.id == userID }), var channel = channelRecords[channelID], !channel.isArchived,
            !text.isEmpty
        else { return nil }
        if !channel.members.contains(userID) {
            channel.members.append(userID)
            channelRecords[channelID] = channel
            announceJoins([userID], channel: channel, inviter: nil)
        }
        let message = MessageRecord(
            ts: clock.next(now: now), channelID: channelID, user: userID, text: text, threadTS: threadTS
        )
        messageLog[channelID, default: []].append(message)
        return message.snapshot
    }

    func message(channelID: String, ts: String) -> SandboxMessage? {
        messageIndex(channelID: channelID, ts: ts).map { messageLog[channelID]![$0].snapshot }
    }

    func issueResponseURL(channelID: String, userID: String, origin: ResponseURLGrant.Origin, now: Date = Date()) -> String {
        let id = ids.hex(length: 24)
        responseURLs[id] = ResponseURLGrant(channelID: channelID, userID: userID, origin: origin, issued: now)
        return id
    }

    /// Handles a POST to a `response_url`; answers as Slack's hooks do (`ok` as text/plain on success).
    func acceptResponse(id: String, body: String, now: Date = Date()) -> (status: Int, text: String) {
        guard var grant = responseURLs[id] else { return (404, "no_service") }
        guard now.timeIntervalSince(grant.issued) <= ResponseURLGrant.lifetime else { return (404, "expired_url") }
        guard grant.uses < ResponseURLGrant.maximumUses else { return (404, "used_url") }
        guard let reply = try? JSONParser.parse(body), reply.isObject else { return (400, "invalid_payload") }
        let outcome = applyReply(reply, grant: grant, now: now)
        if outcome.status == 200 {
            grant.uses += 1
            responseURLs[id] = grant
        }
        return outcome
    }

    /// Applies the bot's reply to a command or click: `delete_original`, `replace_original`, an `in_channel`
    /// message, or (the default) an ephemeral one for the user who acted.
    func applyReply(_ reply: JSON, grant: ResponseURLGrant, now: Date = Date()) -> (status: Int, text: String) {
        let blocks = reply["blocks"].flatMap { $0.arrayValue == nil ? nil : $0 }
        let text = reply["text"]?.stringValue ?? ""
        if case .action(let messageTS) = grant.origin, let index = messageIndex(channelID: grant.channelID, ts: messageTS) {
            if reply["delete_original"] == .bool(true) || reply["delete_original"] == "true" {
                messageLog[grant.channelID]?.remove(at: index)
                return (200, "ok")
            }
            if reply["replace_original"] == .bool(true) || reply["replace_original"] == "true" {
                guard !text.isEmpty || MessageContent.hasContent(blocks) else { return (400, "no_text") }
                messageLog[grant.channelID]![index].text = text
                messageLog[grant.channelID]![index].blocks = MessageContent.hasContent(blocks) ? blocks : nil
                return (200, "ok")
            }
        }
        guard !text.isEmpty || MessageContent.hasContent(blocks) else { return (400, "no_text") }
        let threadTS = reply["thread_ts"]?.stringValue
        if reply["response_type"]?.stringValue == "in_channel" {
            messageLog[grant.channelID, default: []].append(
                MessageRecord(
                    ts: clock.next(now: now), channelID: grant.channelID, user: bot, botID: seed.botID, text: text,
                    blocks: MessageContent.hasContent(blocks) ? blocks : nil, threadTS: threadTS
                )
            )
        } else {
            ephemeralLog.append(
                SandboxEphemeral(
                    channelID: grant.channelID, user: grant.userID, text: text,
                    blocksJSON: MessageContent.hasContent(blocks) ? blocks?.serialized() : nil, threadTS: threadTS,
                    ts: clock.next(now: now)
                )
            )
        }
        return (200, "ok")
    }
}

extension SandboxWorkspace {
    /// A message as Slack puts it in an interaction payload's `message` field.
    func messageWireObject(channelID: String, ts: String) -> JSON? {
        messageIndex(channelID: channelID, ts: ts).map { messageObject(messageLog[channelID]![$0]) }
    }

    func ephemeral(ts: String) -> SandboxEphemeral? {
        ephemeralLog.first { $0.ts == ts }
    }

    /// Applies the bot's immediate answer to a slash command, as if posted to the command's response_url.
    func applyCommandReply(_ reply: JSON, channelID: String, userID: String) -> (status: Int, text: String) {
        applyReply(reply, grant: ResponseURLGrant(channelID: channelID, userID: userID, origin: .command, issued: Date()))
    }
}
