import Foundation

/// `conversations.open`: the bot's 1:1 direct-message conversations.
extension SandboxWorkspace {
    /// Opens, or answers again, the bot's direct-message conversation with one person, as Slack does: `users`
    /// (or `channel`, to resume one by id); opening one already open answers it with `no_op` and
    /// `already_open`; `return_im` asks for the whole conversation object. The sandbox models 1:1
    /// conversations only: several users (a group DM) is refused.
    func conversationsOpen(_ params: WebAPIParams, now: Date) throws(SlackError) -> JSON {
        if let id = params["channel"] {
            guard let conversation = channelRecords[id], conversation.imUser != nil else { throw SlackError("channel_not_found") }
            return answer(conversation, alreadyOpen: true, full: params.bool("return_im"))
        }
        var users: [String] = []
        for part in (params["users"] ?? "").split(separator: ",") {
            let id = part.trimmingCharacters(in: .whitespaces)
            if !id.isEmpty && !users.contains(id) { users.append(id) }
        }
        guard !users.isEmpty else { throw SlackError("users_list_not_supplied") }
        guard users.count <= 8 else { throw SlackError("too_many_users") }
        guard users.count == 1, let person = users.first else { throw SlackError("method_not_supported_for_channel_type") }
        guard person != bot, user(id: person) != nil else { throw SlackError("user_not_found") }
        if let id = directMessageIDs[person], let conversation = channelRecords[id] {
            return answer(conversation, alreadyOpen: true, full: params.bool("return_im"))
        }
        let conversation = ChannelRecord(
            id: ids.make(prefix: "D"), name: person, creator: bot, created: Int(now.timeIntervalSince1970),
            isPrivate: true, members: [bot, person], imUser: person
        )
        channelRecords[conversation.id] = conversation
        directMessageIDs[person] = conversation.id
        return answer(conversation, alreadyOpen: false, full: params.bool("return_im"))
    }

    private func answer(_ conversation: ChannelRecord, alreadyOpen: Bool, full: Bool) -> JSON {
        var answer: JSON = ["channel": full ? channelObject(conversation) : ["id": .string(conversation.id)]]
        if alreadyOpen {
            answer.set("no_op", true)
            answer.set("already_open", true)
        }
        return answer
    }
}
