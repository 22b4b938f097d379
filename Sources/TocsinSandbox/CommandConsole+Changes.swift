import Foundation

/// Edits, deletions and other integrations' posts from the page, sent to the bot as the Events API does:
/// `message` events with subtype `message_changed`, `message_deleted` or `bot_message`
/// (docs.slack.dev/reference/events/message/message_changed, …/message_deleted, …/bot_message).
extension CommandConsole {
    /// `POST /sandbox/edit` with `{"user","channel","ts","text"}`: the author edits their message.
    func handleEdit(body: String) async -> JSON {
        guard let input = try? JSONParser.parse(body), let userKey = input["user"]?.stringValue,
            let channelKey = input["channel"]?.stringValue, let ts = input["ts"]?.stringValue, let text = input["text"]?.stringValue
        else { return Self.failed("Send {\"user\", \"channel\", \"ts\", \"text\"}.") }
        guard let user = await person(userKey) else { return Self.failed("Unknown user \(userKey).") }
        guard let channel = await channel(channelKey) else { return Self.failed("Unknown channel \(channelKey).") }
        // An edit is typed in the composer like any message, and Slack escapes and links it the same way.
        let typed = await composer().compose(text.trimmingCharacters(in: .whitespacesAndNewlines), for: .message)
        guard let change = await workspace.editAsUser(user.id, channelID: channel.id, ts: ts, text: typed) else {
            return Self.failed("Only the author can edit that message, and it must still exist.")
        }
        var event = changeEvent(subtype: "message_changed", change)
        event.set("message", change.current ?? .null)
        event.set("previous_message", change.previous)
        return await answer(kind: "edit", ts: ts, event: event, channel: change.channel)
    }

    /// `POST /sandbox/delete` with `{"user","channel","ts"}`: the author deletes their message.
    func handleDelete(body: String) async -> JSON {
        guard let input = try? JSONParser.parse(body), let userKey = input["user"]?.stringValue,
            let channelKey = input["channel"]?.stringValue, let ts = input["ts"]?.stringValue
        else { return Self.failed("Send {\"user\", \"channel\", \"ts\"}.") }
        guard let user = await person(userKey) else { return Self.failed("Unknown user \(userKey).") }
        guard let channel = await channel(channelKey) else { return Self.failed("Unknown channel \(channelKey).") }
        guard let change = await workspace.deleteAsUser(user.id, channelID: channel.id, ts: ts) else {
            return Self.failed("Only the author can delete that message, and it must still exist.")
        }
        var event = changeEvent(subtype: "message_deleted", change)
        event.set("deleted_ts", .string(ts))
        event.set("previous_message", change.previous)
        return await answer(kind: "delete", ts: ts, event: event, channel: change.channel)
    }

    /// `POST /sandbox/integration` with `{"name","channel","text"}`: another integration (e.g. Grafana) posts.
    /// Its text is what the integration sent to `chat.postMessage`, markup and all, so it is stored as given.
    func handleIntegrationPost(body: String) async -> JSON {
        guard let input = try? JSONParser.parse(body), let name = input["name"]?.stringValue, !name.isEmpty,
            let channelKey = input["channel"]?.stringValue, let text = input["text"]?.stringValue
        else { return Self.failed("Send {\"name\", \"channel\", \"text\"}.") }
        guard let channel = await channel(channelKey) else { return Self.failed("Unknown channel \(channelKey).") }
        guard let (message, snapshot) = await workspace.postAsIntegration(named: name, channelID: channel.id, text: text) else {
            return Self.failed("Cannot post in #\(channel.name).")
        }
        var event = message
        event.set("channel", .string(snapshot.id))
        event.set("event_ts", message["ts"] ?? .null)
        event.set("channel_type", .string(snapshot.isPrivate ? "group" : "channel"))
        return await answer(kind: "integration", ts: message["ts"]?.stringValue ?? "", event: event, channel: snapshot)
    }

    /// The fields every change event has; Slack marks them `hidden` (clients update, not show, them).
    private func changeEvent(subtype: String, _ change: SandboxWorkspace.MessageChange) -> JSON {
        [
            "type": "message",
            "subtype": .string(subtype),
            "hidden": true,
            "channel": .string(change.channel.id),
            "ts": .string(change.changeTS),
            "event_ts": .string(change.changeTS),
            "channel_type": .string(change.channel.isPrivate ? "group" : "channel"),
        ]
    }

    /// Delivers the event when the bot is in the channel (as Slack only sends `message.*` events for channels
    /// the app is in) and says what happened.
    private func answer(kind: String, ts: String, event: JSON, channel: SandboxChannel) async -> JSON {
        var answer: JSON = ["ok": true, "kind": .string(kind), "ts": .string(ts)]
        if channel.members.contains(workspace.seed.botUserID), let status = await deliver(event: event) {
            answer.set("event_status", .int(status))
        }
        return answer
    }

    /// `POST /sandbox/ssl-check`: what Slack sends a command URL to check its certificate, `ssl_check=1` and the
    /// verification token, unsigned; Slack expects 200.
    func handleSSLCheck() async -> JSON {
        guard let url = commandURL else { return Self.failed("No bot is connected to this sandbox.") }
        let form = FormURLEncoding.encode([("ssl_check", "1"), ("token", Self.verificationToken)])
        switch await delivery.post(form, contentType: "application/x-www-form-urlencoded", to: url, signed: false) {
        case .failure(let failure):
            return Self.failed("The bot could not be reached.", detail: "\(failure)")
        case .success(let reply):
            return ["ok": .bool(reply.status == 200), "kind": "ssl_check", "status": .int(reply.status), "body": .string(reply.body)]
        }
    }
}
