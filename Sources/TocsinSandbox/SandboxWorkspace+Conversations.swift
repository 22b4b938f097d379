import Foundation

/// `conversations.*` methods that manage channels and their members.
extension SandboxWorkspace {
    func conversationsCreate(_ params: WebAPIParams, now: Date) throws(SlackError) -> JSON {
        let name = params.values["name"] ?? ""
        if let violation = ChannelNameRules.violation(name) { throw SlackError(violation) }
        // Archived channels keep their names (FACTS §5).
        guard !channelRecords.values.contains(where: { $0.name == name }) else { throw SlackError("name_taken") }
        let channel = ChannelRecord(
            id: ids.make(prefix: "C"), name: name, creator: bot, created: Int(now.timeIntervalSince1970),
            isPrivate: params.bool("is_private"), members: [bot]
        )
        channelOrder.append(channel.id)
        channelRecords[channel.id] = channel
        return ["channel": channelObject(channel)]
    }

    func conversationsList(_ params: WebAPIParams) throws(SlackError) -> JSON {
        let types = (params["types"] ?? "public_channel").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let known: Set<String> = ["public_channel", "private_channel", "mpim", "im"]
        guard types.allSatisfy(known.contains) else { throw SlackError("invalid_types") }
        let excludeArchived = params.bool("exclude_archived")
        let listed = channelOrder.compactMap { channelRecords[$0] }.filter { channel in
            if excludeArchived && channel.isArchived { return false }
            if channel.isPrivate { return types.contains("private_channel") && channel.members.contains(bot) }
            return types.contains("public_channel")
        }
        let page = try Pagination.page(listed, params, default: 100, maximum: 1000)
        return [
            "channels": .array(page.items.map { channelObject($0, numMembers: true) }),
            "response_metadata": ["next_cursor": .string(page.nextCursor)],
        ]
    }

    func conversationsInfo(_ params: WebAPIParams) throws(SlackError) -> JSON {
        let channel = try visibleChannel(params["channel"])
        return ["channel": channelObject(channel, numMembers: params.bool("include_num_members"))]
    }

    func conversationsJoin(_ params: WebAPIParams) throws(SlackError) -> JSON {
        var channel = try visibleChannel(params["channel"])
        guard !channel.isPrivate else { throw SlackError("method_not_supported_for_channel_type") }
        try requireNotArchived(channel)
        if channel.members.contains(bot) {
            return [
                "channel": channelObject(channel),
                "warning": "already_in_channel",
                "response_metadata": ["warnings": ["already_in_channel"]],
            ]
        }
        channel.members.append(bot)
        channelRecords[channel.id] = channel
        return ["channel": channelObject(channel)]
    }

    /// Without `force`, one bad user fails the whole call and nobody is invited; with `force`, the valid users
    /// are invited and the others reported in `errors` (FACTS §5).
    func conversationsInvite(_ params: WebAPIParams) throws(SlackError) -> JSON {
        var channel = try visibleChannel(params["channel"])
        try requireNotArchived(channel)
        try requireBotMember(channel)
        var requested: [String] = []
        for part in (params["users"] ?? "").split(separator: ",") {
            let id = part.trimmingCharacters(in: .whitespaces)
            if !id.isEmpty && !requested.contains(id) { requested.append(id) }
        }
        guard !requested.isEmpty else { throw SlackError("no_user") }
        guard requested.count <= 100 else { throw SlackError("too_many_users") }
        var valid: [String] = []
        var errors: [JSON] = []
        for id in requested {
            let problem: String? =
                if id == bot { "cant_invite_self" }
                else if user(id: id) == nil { "user_not_found" }
                else if channel.members.contains(id) { "already_in_channel" }
                else { nil }
            if let problem {
                errors.append(["user": .string(id), "ok": false, "error": .string(problem)])
            } else {
                valid.append(id)
            }
        }
        if let first = errors.first, !params.bool("force") || valid.isEmpty {
            throw SlackError(first["error"]?.stringValue ?? "user_not_found", extra: [.init(key: "errors", value: .array(errors))])
        }
        channel.members.append(contentsOf: valid)
        channelRecords[channel.id] = channel
        announceJoins(valid, channel: channel, inviter: bot)
        var answer: JSON = ["channel": channelObject(channel)]
        if !errors.isEmpty { answer.set("errors", .array(errors)) }
        return answer
    }

    /// `conversations.setTopic` and `conversations.setPurpose`: the same rules on different fields.
    func conversationsSetText(
        _ field: WritableKeyPath<ChannelRecord, ChannelRecord.Text>, _ argument: String, _ params: WebAPIParams, now: Date
    ) throws(SlackError) -> JSON {
        var channel = try visibleChannel(params["channel"])
        try requireNotArchived(channel)
        try requireBotMember(channel)
        let value = params.values[argument] ?? ""
        guard value.count <= 250 else { throw SlackError("too_long") }
        channel[keyPath: field] = ChannelRecord.Text(value: value, creator: bot, lastSet: Int(now.timeIntervalSince1970))
        channelRecords[channel.id] = channel
        return ["channel": channelObject(channel)]
    }

    func conversationsArchive(_ params: WebAPIParams) throws(SlackError) -> JSON {
        var channel = try visibleChannel(params["channel"])
        guard !channel.isArchived else { throw SlackError("already_archived") }
        guard channel.name != "general" else { throw SlackError("cant_archive_general") }
        try requireBotMember(channel)
        channel.isArchived = true
        channelRecords[channel.id] = channel
        return [:]
    }

    func conversationsMembers(_ params: WebAPIParams) throws(SlackError) -> JSON {
        let channel = try visibleChannel(params["channel"])
        let page = try Pagination.page(channel.members, params, default: 100, maximum: 1000)
        return [
            "members": .array(page.items.map(JSON.string)),
            "response_metadata": ["next_cursor": .string(page.nextCursor)],
        ]
    }
}
