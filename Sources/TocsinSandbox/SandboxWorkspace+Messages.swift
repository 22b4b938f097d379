import Foundation

/// `chat.*` and the `conversations.*` methods that read messages.
extension SandboxWorkspace {
    /// Slack truncates longer `chat.postMessage` text (changelog 2018-04).
    static let postTextLimit = 40_000
    /// `chat.update` refuses longer text with `msg_too_long`.
    static let updateTextLimit = 4_000

    /// The sandbox models an app without `chat:write.public`: the bot must be a member to post.
    func chatPostMessage(_ params: WebAPIParams, now: Date) throws(SlackError) -> JSON {
        let channel = try visiblePostTarget(params["channel"])
        try requireNotArchived(channel)
        try requireBotMember(channel)
        let blocks = try MessageContent.blocks(params["blocks"])
        let attachments = try MessageContent.attachments(params["attachments"])
        let text = String((params.values["text"] ?? "").prefix(Self.postTextLimit))
        guard !text.isEmpty || MessageContent.hasContent(blocks) || MessageContent.hasContent(attachments) else {
            throw SlackError("no_text")
        }
        let metadata = try MessageContent.metadata(params["metadata"])
        let message = MessageRecord(
            ts: clock.next(now: now), channelID: channel.id, user: bot, botID: seed.botID, text: text,
            blocks: MessageContent.hasContent(blocks) ? blocks : nil,
            attachments: MessageContent.hasContent(attachments) ? attachments : nil,
            threadTS: params["thread_ts"], metadata: metadata == [:] ? nil : metadata
        )
        messageLog[channel.id, default: []].append(message)
        var object = messageObject(message)
        if let parentTS = message.threadTS, let index = messageIndex(channelID: channel.id, ts: parentTS) {
            object.set("parent_user_id", .string(messageLog[channel.id]![index].user))
        }
        return ["channel": .string(channel.id), "ts": .string(message.ts), "message": object]
    }

    /// Blocks: given replaces them (`[]` removes them); omitted keeps them only when `text` is omitted too
    /// (docs.slack.dev chat.update). Metadata: omitted keeps it, `{}` removes it.
    func chatUpdate(_ params: WebAPIParams, now: Date) throws(SlackError) -> JSON {
        let channel = try visibleChannel(params["channel"])
        guard let ts = params["ts"], let index = messageIndex(channelID: channel.id, ts: ts) else {
            throw SlackError("message_not_found")
        }
        try requireNotArchived(channel, error: "is_inactive")
        var message = messageLog[channel.id]![index]
        guard message.user == bot else { throw SlackError("cant_update_message") }
        let newText = params["text"]
        guard newText != nil || params.isPresent("blocks") || params.isPresent("attachments") else {
            throw SlackError("no_text")
        }
        if let newText {
            guard newText.count <= Self.updateTextLimit else { throw SlackError("msg_too_long") }
            message.text = newText
        }
        if params.isPresent("blocks") {
            let blocks = try MessageContent.blocks(params.values["blocks"])
            message.blocks = MessageContent.hasContent(blocks) ? blocks : nil
        } else if newText != nil {
            message.blocks = nil
        }
        if params.isPresent("attachments") {
            let attachments = try MessageContent.attachments(params.values["attachments"])
            message.attachments = MessageContent.hasContent(attachments) ? attachments : nil
        }
        if let metadata = try MessageContent.metadata(params["metadata"]) {
            message.metadata = metadata == [:] ? nil : metadata
        }
        guard !message.text.isEmpty || message.blocks != nil || message.attachments != nil else {
            throw SlackError("no_text")
        }
        message.editedTS = clock.next(now: now)
        messageLog[channel.id]![index] = message
        return [
            "channel": .string(channel.id), "ts": .string(message.ts), "text": .string(message.text),
            "message": messageObject(message, replies: replies(to: message)),
        ]
    }

    func chatPostEphemeral(_ params: WebAPIParams, now: Date) throws(SlackError) -> JSON {
        let channel = try visiblePostTarget(params["channel"])
        try requireNotArchived(channel)
        try requireBotMember(channel)
        guard let userID = params["user"], channel.members.contains(userID) else { throw SlackError("user_not_in_channel") }
        let blocks = try MessageContent.blocks(params["blocks"])
        let attachments = try MessageContent.attachments(params["attachments"])
        let text = params.values["text"] ?? ""
        guard !text.isEmpty || MessageContent.hasContent(blocks) || MessageContent.hasContent(attachments) else {
            throw SlackError("no_text")
        }
        guard text.count <= Self.postTextLimit else { throw SlackError("msg_too_long") }
        let ts = clock.next(now: now)
        ephemeralLog.append(
            SandboxEphemeral(
                channelID: channel.id, user: userID, text: text,
                blocksJSON: MessageContent.hasContent(blocks) ? blocks?.serialized() : nil,
                threadTS: params["thread_ts"], ts: ts
            )
        )
        return ["message_ts": .string(ts)]
    }

    /// Root messages, newest first. Reading a public channel needs membership for a bot (`channels:history`).
    func conversationsHistory(_ params: WebAPIParams) throws(SlackError) -> JSON {
        let channel = try visibleChannel(params["channel"])
        try requireBotMember(channel)
        let window = try TimeWindow(params)
        let roots = (messageLog[channel.id] ?? []).filter { !$0.isThreadReply && window.contains($0.ts) }
        let page = try Pagination.page(Array(roots.reversed()), params, default: 100, maximum: 999)
        let includeMetadata = params.bool("include_all_metadata")
        return [
            "messages": .array(
                page.items.map { messageObject($0, replies: replies(to: $0), includeMetadata: includeMetadata) }
            ),
            "has_more": .bool(!page.nextCursor.isEmpty),
            "pin_count": .int(roots.filter(\.isPinned).count),
            "response_metadata": ["next_cursor": .string(page.nextCursor)],
        ]
    }

    /// The thread holding `ts` (a parent or one of its replies), parent first, then replies oldest first.
    func conversationsReplies(_ params: WebAPIParams) throws(SlackError) -> JSON {
        let channel = try visibleChannel(params["channel"])
        try requireBotMember(channel)
        guard let ts = params["ts"], let index = messageIndex(channelID: channel.id, ts: ts) else {
            throw SlackError("thread_not_found")
        }
        let window = try TimeWindow(params)
        let found = messageLog[channel.id]![index]
        let parent = found.threadTS.flatMap { messageIndex(channelID: channel.id, ts: $0) }.map { messageLog[channel.id]![$0] } ?? found
        let thread = replies(to: parent)
        let listed = ([parent] + thread).filter { window.contains($0.ts) }
        let page = try Pagination.page(listed, params, default: 1000, maximum: 1000)
        let includeMetadata = params.bool("include_all_metadata")
        return [
            "messages": .array(
                page.items.map { message in
                    messageObject(message, replies: message.ts == parent.ts ? thread : [], includeMetadata: includeMetadata)
                }
            ),
            "has_more": .bool(!page.nextCursor.isEmpty),
            "response_metadata": ["next_cursor": .string(page.nextCursor)],
        ]
    }
}

/// `oldest`/`latest`/`inclusive` of the history methods: bounds are exclusive unless `inclusive` is set.
private struct TimeWindow {
    var oldest: Int64?
    var latest: Int64?
    var inclusive: Bool

    init(_ params: WebAPIParams) throws(SlackError) {
        if let text = params["oldest"] {
            guard let value = TimestampClock.micros(text) else { throw SlackError("invalid_ts_oldest") }
            oldest = value
        }
        if let text = params["latest"] {
            guard let value = TimestampClock.micros(text) else { throw SlackError("invalid_ts_latest") }
            latest = value
        }
        inclusive = params.bool("inclusive")
    }

    func contains(_ ts: String) -> Bool {
        guard let value = TimestampClock.micros(ts) else { return false }
        if let oldest, inclusive ? value < oldest : value <= oldest { return false }
        if let latest, inclusive ? value > latest : value >= latest { return false }
        return true
    }
}
