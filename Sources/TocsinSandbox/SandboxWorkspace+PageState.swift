import Foundation

/// The document the web page polls (`GET /sandbox/state`): channels with messages, ephemerals, recent calls.
extension SandboxWorkspace {
    /// Everything the web page shows, as one JSON document for `GET /sandbox/state`.
    func pageState() -> JSON {
        func name(_ id: String) -> String { user(id: id)?.user.name ?? id }
        // Direct messages follow the channels, named after the person, so a person trying the sandbox sees them.
        let conversations = channelOrder + directMessageIDs.sorted { $0.key < $1.key }.map(\.value)
        let channels: [JSON] = conversations.compactMap { channelRecords[$0] }.map { channel in
            [
                "id": .string(channel.id),
                "name": .string(channel.imUser.map { "@" + name($0) } ?? channel.name),
                "topic": .string(channel.topic.value),
                "purpose": .string(channel.purpose.value),
                "is_archived": .bool(channel.isArchived),
                "is_private": .bool(channel.isPrivate),
                "members": .array(channel.members.map { .string(name($0)) }),
                "bookmarks": .array(channel.bookmarks.map { ["title": .string($0.title), "link": .string($0.link)] }),
                "messages": .array(
                    (messageLog[channel.id] ?? []).map { message in
                        [
                            "ts": .string(message.ts),
                            "user": .string(message.user),
                            "user_name": .string(message.username ?? name(message.user)),
                            "is_bot": .bool(message.botID != nil),
                            "text": .string(message.text),
                            "blocks": message.blocks ?? [],
                            "thread_ts": .optional(message.threadTS),
                            "edited": .bool(message.editedTS != nil),
                            "pinned": .bool(message.isPinned),
                            "reactions": .array(message.reactions.map { .string(":\($0.name): \($0.users.count)") }),
                        ]
                    }
                ),
            ]
        }
        let ephemerals: [JSON] = ephemeralLog.map { ephemeral in
            var object: JSON = [
                "channel": .string(ephemeral.channelID),
                "user": .string(ephemeral.user),
                "ts": .string(ephemeral.ts),
                "text": .string(ephemeral.text),
                "blocks": [],
            ]
            if let blocksJSON = ephemeral.blocksJSON, let blocks = try? JSONParser.parse(blocksJSON) {
                object.set("blocks", blocks)
            }
            return object
        }
        let recentCalls: [JSON] = callLog.suffix(100).reversed().map { call in
            let summary = ["channel", "channel_id", "name", "users", "user", "ts", "text", "topic"].compactMap { key in
                call.params[key].map { "\(key)=\($0.count > 80 ? String($0.prefix(80)) + "…" : $0)" }
            }
            return [
                "time": .number(String(format: "%.3f", call.time.timeIntervalSince1970)),
                "method": .string(call.method),
                "status": .int(call.httpStatus),
                "error": .optional(call.error),
                "summary": .string(summary.joined(separator: " ")),
            ]
        }
        return [
            "team": .string(seed.teamName),
            "calls": .array(recentCalls),
            "users": .array(seed.users.map { ["id": .string($0.id), "name": .string($0.name), "real_name": .string($0.realName)] }),
            "channels": .array(channels),
            "ephemerals": .array(ephemerals),
            "views": .array(openViews()),
        ]
    }

    /// The modals still open, whole, with the errors the bot answered their last submission with.
    private func openViews() -> [JSON] {
        openedViewLog.filter(\.isOpen).compactMap { record in
            guard let view = openedViewJSON[record.id] else { return nil }
            return [
                "id": .string(record.id), "user": .string(record.userID), "title": .string(record.title),
                "submit": .string(view["submit"]?["text"]?.stringValue ?? "Submit"), "blocks": view["blocks"] ?? [],
                "errors": .object(record.errors.sorted { $0.key < $1.key }.map { JSON.Member(key: $0.key, value: .string($0.value)) }),
            ]
        }
    }
}
