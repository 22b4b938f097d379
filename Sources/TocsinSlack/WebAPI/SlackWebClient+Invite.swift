import Foundation
import TocsinApp
import TocsinCore

extension SlackWebClient {
    /// Per-user invite errors that mean the user is in the channel already.
    static let alreadyMemberErrors: Set<String> = ["already_in_channel", "cant_invite_self"]

    /// The errors `conversations.invite` documents as being about one invited user rather than the
    /// channel or the call, with the reason in words for the incident channel.
    static let userErrorReasons: [String: String] = [
        "user_not_found": "no such user",
        "cant_invite": "Slack does not allow inviting this user to this channel",
        "user_is_restricted": "a guest account that may not join this channel",
        "ura_max_channels": "a single-channel guest who is already in another channel",
        "org_user_not_in_team": "a member of the organization but not of this workspace",
        "no_external_invite_permission": "an external user the bot may not invite",
        "invitee_cant_see_channel": "cannot see this channel from their workspace",
    ]

    /// Invites one batch with `force=true`, so that Slack invites the valid users and lists the others
    /// in `errors` instead of failing the whole call on one bad id. Returns the users refused.
    ///
    /// A call that failed as a whole because of users (every one invalid, or a Slack that ignores
    /// `force`) is retried without the users it names; when it names none, each user is invited alone.
    func inviteBatch(_ users: [String], channelID: String) async throws(ChatError) -> [RefusedInvite] {
        guard !users.isEmpty else { return [] }
        let answer = try await send(.conversationsInvite, request: formRequest(
            .conversationsInvite, [("channel", channelID), ("users", users.joined(separator: ",")), ("force", "true")]))
        let error: String
        let userErrors: [SlackEnvelope.UserError]
        switch answer {
        case .ok(let body):
            let listed = (try? JSONDecoder().decode(SlackEnvelope.self, from: Data(body)))?.errors ?? []
            return listed.compactMap(Self.refusal)
        case .failed(let failure, let listed):
            error = failure
            userErrors = listed
        }
        guard Self.alreadyMemberErrors.contains(error) || Self.userErrorReasons[error] != nil else {
            throw SlackErrorMapping.chatError(forSlackError: error)
        }

        let named = Set(userErrors.map(\.user))
        let refused = userErrors.compactMap(Self.refusal)
        let remaining = users.filter { !named.contains($0) }
        if !named.isEmpty, remaining.count < users.count {
            return try await refused + inviteBatch(remaining, channelID: channelID)
        }
        if users.count == 1 {
            return Self.refusal(SlackEnvelope.UserError(user: users[0], error: error)).map { [$0] } ?? []
        }
        var oneByOne: [RefusedInvite] = []
        for user in users {
            oneByOne += try await inviteBatch([user], channelID: channelID)
        }
        return oneByOne
    }

    /// A per-user error as a refusal; nil when it means the user is in the channel already.
    static func refusal(_ error: SlackEnvelope.UserError) -> RefusedInvite? {
        guard !alreadyMemberErrors.contains(error.error) else { return nil }
        let reason = userErrorReasons[error.error] ?? "Slack refused the invitation"
        return RefusedInvite(userID: error.user, code: error.error, reason: reason)
    }
}
