import Foundation

/// Events API callbacks for what people type on the page, so the bot hears channel messages (and mentions)
/// as it would from Slack: a signed JSON `event_callback` to the bot's `/slack/events`.
extension CommandConsole {
    /// Sends `message` (and `app_mention` when the bot is mentioned) if the bot is in the channel, as Slack only
    /// delivers `message.channels` events for channels the app is a member of. Returns the HTTP status of the
    /// `message` delivery, or nil when nothing was sent.
    func deliverEvents(for message: SandboxMessage, in channel: SandboxChannel) async -> Int? {
        let seed = workspace.seed
        guard channel.members.contains(seed.botUserID) else { return nil }
        var event: JSON = [
            "type": "message",
            "channel": .string(channel.id),
            "user": .string(message.user),
            "text": .string(message.text),
            "ts": .string(message.ts),
            "event_ts": .string(message.ts),
            "channel_type": .string(channel.isPrivate ? "group" : "channel"),
            "team": .string(seed.teamID),
            "client_msg_id": .string(UUID().uuidString.lowercased()),
        ]
        if let threadTS = message.threadTS {
            event.set("thread_ts", .string(threadTS))
            if let parent = await workspace.message(channelID: channel.id, ts: threadTS) {
                event.set("parent_user_id", .string(parent.user))
            }
        }
        guard let status = await deliver(event: event) else { return nil }
        if message.text.contains("<@\(seed.botUserID)>") {
            event.set("type", "app_mention")
            _ = await deliver(event: event)
        }
        return status
    }

    /// Sends one `event_callback` and returns the bot's HTTP status (200 for an acknowledged envelope), 0 when
    /// it failed, nil when no bot is connected.
    func deliver(event: JSON) async -> Int? {
        let seed = workspace.seed
        let envelope: JSON = [
            "token": .string(Self.verificationToken),
            "team_id": .string(seed.teamID),
            "api_app_id": .string(seed.appID),
            "event": event,
            "type": "event_callback",
            "event_id": .string(newEventID()),
            "event_time": .int(Int(Date().timeIntervalSince1970)),
            "authorizations": [
                [
                    "enterprise_id": .null, "team_id": .string(seed.teamID), "user_id": .string(seed.botUserID),
                    "is_bot": true, "is_enterprise_install": false,
                ]
            ],
            "is_ext_shared_channel": false,
            "event_context": .string("4-" + newEventID()),
        ]
        let sent = await dispatch("events_api", payload: envelope, url: eventsURL) { (envelope.serialized(), "application/json") }
        switch sent {
        case nil: return nil
        case .success(let reply): return reply.status
        case .failure(let failure):
            logger.warning("Event delivery to the bot failed", metadata: ["error": "\(failure)"])
            return 0
        }
    }
}
