/// The JSON objects Slack answers with, shaped after the OpenAPI examples and java-slack-sdk samples
/// (shared/slack/fixtures/web_api_response_examples.json).
extension ChannelRecord {
    func wireObject(viewer: String, teamID: String, numMembers: Bool) -> JSON {
        var object: JSON = [
            "id": .string(id),
            "name": .string(name),
            "is_channel": .bool(imUser == nil),
            "is_group": false,
            "is_im": .bool(imUser != nil),
            "is_mpim": false,
            "is_private": .bool(isPrivate),
            "created": .int(created),
            "is_archived": .bool(isArchived),
            "is_general": .bool(name == "general"),
            "unlinked": 0,
            "name_normalized": .string(name),
            "is_shared": false,
            "is_org_shared": false,
            "is_ext_shared": false,
            "is_pending_ext_shared": false,
            "pending_shared": [],
            "context_team_id": .string(teamID),
            "creator": .string(creator),
            "is_member": .bool(members.contains(viewer)),
            "topic": topic.wireObject,
            "purpose": purpose.wireObject,
            "previous_names": [],
        ]
        if numMembers { object.set("num_members", .int(members.count)) }
        if let imUser { object.set("user", .string(imUser)) }
        return object
    }
}

extension ChannelRecord.Text {
    var wireObject: JSON {
        ["value": .string(value), "creator": .string(creator), "last_set": .int(lastSet)]
    }
}

extension MessageRecord {
    /// - Parameters:
    ///   - replies: the thread's replies, when this is a parent; adds `reply_count`, `reply_users`, `latest_reply`.
    ///   - includeMetadata: Slack returns `metadata` from reads only when asked (`include_all_metadata`).
    func wireObject(teamID: String, appID: String, replies: [MessageRecord] = [], includeMetadata: Bool = true) -> JSON {
        var object: JSON = subtype == nil ? ["user": .string(user), "type": "message", "ts": .string(ts)] : ["type": "message", "ts": .string(ts)]
        if let subtype {
            // Another integration's post: Slack gives its bot_id and username, and no user.
            object.set("subtype", .string(subtype))
            if let botID { object.set("bot_id", .string(botID)) }
            if let username { object.set("username", .string(username)) }
        } else if let botID {
            object.set("bot_id", .string(botID))
            object.set("app_id", .string(appID))
        }
        object.set("text", .string(text))
        object.set("team", .string(teamID))
        if let blocks { object.set("blocks", blocks) }
        if let attachments { object.set("attachments", attachments) }
        if let threadTS {
            object.set("thread_ts", .string(threadTS))
        } else if let latest = replies.last {
            object.set("thread_ts", .string(ts))
            object.set("reply_count", .int(replies.count))
            var replyUsers: [String] = []
            for reply in replies where !replyUsers.contains(reply.user) { replyUsers.append(reply.user) }
            object.set("reply_users", .array(replyUsers.map(JSON.string)))
            object.set("reply_users_count", .int(replyUsers.count))
            object.set("latest_reply", .string(latest.ts))
        }
        if let editedTS { object.set("edited", ["user": .string(user), "ts": .string(editedTS)]) }
        if isPinned { object.set("pinned_to", [.string(channelID)]) }
        if !reactions.isEmpty {
            object.set(
                "reactions",
                .array(reactions.map { ["name": .string($0.name), "users": .array($0.users.map(JSON.string)), "count": .int($0.users.count)] })
            )
        }
        if includeMetadata, let metadata { object.set("metadata", metadata) }
        return object
    }
}

extension SandboxUser {
    func wireObject(teamID: String, isBot: Bool, botID: String?) -> JSON {
        var profile: JSON = [
            "real_name": .string(realName),
            "real_name_normalized": .string(realName),
            "display_name": .string(name),
            "display_name_normalized": .string(name),
            "team": .string(teamID),
        ]
        if let botID { profile.set("bot_id", .string(botID)) }
        return [
            "id": .string(id),
            "team_id": .string(teamID),
            "name": .string(name),
            "deleted": false,
            "real_name": .string(realName),
            "tz": "Europe/London",
            "tz_label": "Greenwich Mean Time",
            "tz_offset": 0,
            "is_admin": false,
            "is_owner": false,
            "is_bot": .bool(isBot),
            "is_app_user": false,
            "updated": 1_700_000_000,
            "profile": profile,
        ]
    }
}
