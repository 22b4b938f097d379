import TocsinApp

extension SlackWebClient {
    /// Per-user invite errors that mean the user is in the channel already.
    static let alreadyMemberErrors: Set<String> = ["already_in_channel", "cant_invite_self"]

    /// Invites one batch; users who are already members count as invited.
    ///
    /// Without `force`, one member already in the channel fails the whole call with
    /// `already_in_channel`. When Slack lists the per-user `errors`, the others are invited
    /// again; when it does not, each user is invited on their own.
    func inviteBatch(_ users: [String], channelID: String) async throws(ChatError) {
        guard !users.isEmpty else { return }
        let answer = try await send("conversations.invite", request: formRequest(
            "conversations.invite", [("channel", channelID), ("users", users.joined(separator: ","))]))
        guard case .failed(let error, let userErrors) = answer else { return }
        guard Self.alreadyMemberErrors.contains(error) else {
            throw SlackErrorMapping.chatError(forSlackError: error)
        }

        let members = Set(userErrors.filter { Self.alreadyMemberErrors.contains($0.error) }.map(\.user))
        let remaining = users.filter { !members.contains($0) }
        if !members.isEmpty, remaining.count < users.count {
            try await inviteBatch(remaining, channelID: channelID)
        } else if users.count > 1 {
            for user in users {
                try await inviteBatch([user], channelID: channelID)
            }
        }
        // A single user who is already a member: done.
    }
}
