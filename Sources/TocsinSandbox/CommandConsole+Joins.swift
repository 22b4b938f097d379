import Foundation

/// People joining channels, delivered to the bot as Slack does: `member_joined_channel`
/// (docs.slack.dev/reference/events/member_joined_channel), sent to an app for every channel it is in, with
/// `inviter` when someone invited them — the bot's own invitations included.
extension CommandConsole {
    /// Delivers `joins` (the workspace's, from ``SandboxWorkspace/subscribeToJoins()``), in order, until the
    /// server stops.
    func deliver(joins: AsyncStream<SandboxWorkspace.MemberJoin>) async {
        let seed = workspace.seed
        for await join in joins {
            guard join.botIsMember, join.userID != seed.botUserID else { continue }
            var event: JSON = [
                "type": "member_joined_channel",
                "user": .string(join.userID),
                "channel": .string(join.channelID),
                "channel_type": .string(join.isPrivate ? "G" : "C"),
                "team": .string(seed.teamID),
                "event_ts": .string(String(format: "%.6f", Date().timeIntervalSince1970)),
            ]
            if let inviter = join.inviter { event.set("inviter", .string(inviter)) }
            _ = await deliver(event: event)
        }
    }

    /// `POST /sandbox/join` with `{"user","channel"[,"inviter"]}`: a person joins a channel (or is invited to it),
    /// and the bot hears of it if it is in the channel.
    func handleJoin(body: String) async -> JSON {
        guard let input = try? JSONParser.parse(body), let userKey = input["user"]?.stringValue,
              let channelKey = input["channel"]?.stringValue
        else { return Self.failed("Send {\"user\", \"channel\"} and, for an invitation, \"inviter\".") }
        guard let user = await person(userKey) else { return Self.failed("Unknown user \(userKey).") }
        guard let channel = await channel(channelKey) else { return Self.failed("Unknown channel \(channelKey).") }
        var inviter: String?
        if let inviterKey = input["inviter"]?.stringValue {
            guard let found = await person(inviterKey) else { return Self.failed("Unknown user \(inviterKey).") }
            inviter = found.id
        }
        guard let joined = await workspace.join(userID: user.id, channelID: channel.id, inviter: inviter) else {
            return Self.failed("\(user.name) cannot join #\(channel.name): it is archived, private without an invitation, or they are in it already.")
        }
        return ["ok": true, "kind": "join", "channel": .string(joined.id), "user": .string(user.id)]
    }
}
