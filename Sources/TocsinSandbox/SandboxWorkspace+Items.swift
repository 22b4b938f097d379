import Foundation

/// `pins.add`, `reactions.add` and `bookmarks.add`: things attached to messages and channels.
extension SandboxWorkspace {
    func pinsAdd(_ params: WebAPIParams) throws(SlackError) -> JSON {
        let channel = try visibleChannel(params["channel"])
        guard let ts = params["timestamp"] else { throw SlackError("no_item_specified") }
        guard TimestampClock.micros(ts) != nil else { throw SlackError("bad_timestamp") }
        try requireBotMember(channel)
        guard let index = messageIndex(channelID: channel.id, ts: ts) else { throw SlackError("message_not_found") }
        guard !messageLog[channel.id]![index].isPinned else { throw SlackError("already_pinned") }
        messageLog[channel.id]![index].isPinned = true
        return [:]
    }

    /// `name` is the emoji name without colons (`white_check_mark`).
    func reactionsAdd(_ params: WebAPIParams) throws(SlackError) -> JSON {
        let channel = try visibleChannel(params["channel"])
        guard let ts = params["timestamp"] else { throw SlackError("no_item_specified") }
        guard TimestampClock.micros(ts) != nil else { throw SlackError("bad_timestamp") }
        guard let name = params["name"], Self.isEmojiName(name) else { throw SlackError("invalid_name") }
        try requireNotArchived(channel)
        guard let index = messageIndex(channelID: channel.id, ts: ts) else { throw SlackError("message_not_found") }
        var message = messageLog[channel.id]![index]
        if let existing = message.reactions.firstIndex(where: { $0.name == name }) {
            guard !message.reactions[existing].users.contains(bot) else { throw SlackError("already_reacted") }
            message.reactions[existing].users.append(bot)
        } else {
            message.reactions.append(SandboxReaction(name: name, users: [bot]))
        }
        messageLog[channel.id]![index] = message
        return [:]
    }

    private static func isEmojiName(_ name: String) -> Bool {
        name.count <= 100
            && name.unicodeScalars.allSatisfy { scalar in
                ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || "_+-'".unicodeScalars.contains(scalar)
            }
    }

    func bookmarksAdd(_ params: WebAPIParams, now: Date) throws(SlackError) -> JSON {
        var channel = try visibleChannel(params["channel_id"])
        guard let title = params["title"] else { throw SlackError.missingArgument("title") }
        guard let type = params["type"] else { throw SlackError.missingArgument("type") }
        guard type == "link" else { throw SlackError("invalid_bookmark_type") }
        guard let link = params["link"], let scheme = link.split(separator: ":", maxSplits: 1).first,
            ["http", "https"].contains(scheme.lowercased()), link.contains("://")
        else { throw SlackError("invalid_link") }
        try requireNotArchived(channel)
        let bookmark = SandboxBookmark(
            id: ids.make(prefix: "Bk"), channelID: channel.id, title: title, link: link, emoji: params["emoji"]
        )
        channel.bookmarks.append(bookmark)
        channelRecords[channel.id] = channel
        let created = Int(now.timeIntervalSince1970)
        return [
            "bookmark": [
                "id": .string(bookmark.id),
                "channel_id": .string(channel.id),
                "title": .string(title),
                "link": .string(link),
                "emoji": .optional(bookmark.emoji),
                "icon_url": .null,
                "type": "link",
                "entity_id": .null,
                "date_created": .int(created),
                "date_updated": 0,
                "rank": .string(String(UnicodeScalar(UInt8(ascii: "a") + UInt8(min(channel.bookmarks.count - 1, 25))))),
                "last_updated_by_user_id": .string(bot),
                "last_updated_by_team_id": .string(seed.teamID),
                "shortcut_id": .null,
                "app_id": .string(seed.appID),
            ]
        ]
    }
}
