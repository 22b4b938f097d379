import Foundation

/// What a person types on the page: slash commands for the bot, or plain messages in a channel.
extension CommandConsole {
    /// `POST /sandbox/command` with `{"user","channel","text","thread_ts"?,"command"?}` (user and channel by id or
    /// name): text starting with `/` (or sent with `command`) is a slash command for the bot; anything else is
    /// posted as that person's message.
    func handleCommand(body: String) async -> JSON {
        guard let input = try? JSONParser.parse(body), let userKey = input["user"]?.stringValue,
            let channelKey = input["channel"]?.stringValue, let text = input["text"]?.stringValue
        else { return Self.failed("Send {\"user\", \"channel\", \"text\"}.") }
        guard let user = await person(userKey) else { return Self.failed("Unknown user \(userKey).") }
        guard let channel = await channel(channelKey) else { return Self.failed("Unknown channel \(channelKey).") }
        let threadTS = input["thread_ts"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        var typed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let command = input["command"]?.stringValue, !command.isEmpty {
            typed = command + " " + typed
        }
        let composer = await composer()
        guard typed.hasPrefix("/") else {
            let text = composer.compose(typed, for: .message)
            guard let message = await workspace.postAsUser(user.id, channelID: channel.id, text: text, threadTS: threadTS)
            else { return Self.failed("Cannot post in #\(channel.name).") }
            var answer: JSON = ["ok": true, "kind": "message", "ts": .string(message.ts)]
            if let status = await deliverEvents(for: message, in: channel) { answer.set("event_status", .int(status)) }
            return answer
        }
        let command = String(typed.prefix { !$0.isWhitespace })
        guard command == Self.command else {
            return Self.failed(
                "\(command) is not a valid command. In Slack, all messages that start with the \"/\" character are interpreted as commands."
            )
        }
        guard threadTS == nil else { return Self.failed("\(command) is not supported in threads. Sorry!") }
        let arguments = composer.compose(typed.dropFirst(command.count).trimmingCharacters(in: .whitespaces), for: .slashCommand)
        return await sendSlashCommand(command, arguments: arguments, user: user, channel: channel)
    }

    /// Slack's composer for this workspace's people, groups and channels.
    func composer() async -> Composer {
        let seed = workspace.seed
        return Composer(
            users: await workspace.users(), botUserID: seed.botUserID, botName: seed.botName, userGroups: seed.userGroups,
            channels: await workspace.channels().map { (id: $0.id, name: $0.name) }
        )
    }

    /// Posts the slash-command form Slack sends (fields in Slack's order, FACTS §2) and reads the answer.
    private func sendSlashCommand(_ command: String, arguments: String, user: SandboxUser, channel: SandboxChannel) async
        -> JSON
    {
        let seed = workspace.seed
        let responseID = await workspace.issueResponseURL(channelID: channel.id, userID: user.id, origin: .command)
        let trigger = await newTriggerID(for: user.id)
        let form = SlashCommandForm(
            command: command, text: arguments, userID: user.id, userName: user.name, channelID: channel.id,
            channelName: channel.isPrivate ? "privategroup" : channel.name, teamID: seed.teamID, teamDomain: seed.teamDomain,
            appID: seed.appID, responseURL: responseURL(responseID), triggerID: trigger, token: Self.verificationToken
        )
        logger.debug("Sending slash command to the bot", metadata: ["command": "\(command)", "channel": "\(channel.id)"])
        // Over Socket Mode the same fields are the envelope payload's JSON keys (FACTS §6).
        let payload = JSON.object(form.fields.map { JSON.Member(key: $0.0, value: .string($0.1)) })
        let sent = await dispatch("slash_commands", payload: payload, acceptsResponsePayload: true, url: commandURL) {
            (form.encoded, "application/x-www-form-urlencoded")
        }
        switch sent {
        case nil:
            return Self.failed("No bot is connected to this sandbox.")
        case .failure(.timedOut):
            return Self.failed("\(command) failed with the error \"operation_timeout\"")
        case .failure(.unreachable(let detail)):
            return Self.failed("\(command) failed with the error \"dispatch_failed\"", detail: detail)
        case .success(let reply):
            return await interpretCommandReply(reply, command: command, channelID: channel.id, userID: user.id)
        }
    }

    /// Slack's reading of a command's HTTP answer: empty is a plain acknowledgement, JSON is a message
    /// (ephemeral unless `in_channel`), plain text is an ephemeral message.
    private func interpretCommandReply(_ reply: BotDelivery.Reply, command: String, channelID: String, userID: String) async
        -> JSON
    {
        guard reply.status == 200 else {
            return Self.failed("\(command) failed with the error \"dispatch_failed\"", detail: "HTTP \(reply.status)")
        }
        let trimmed = reply.body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return ["ok": true, "kind": "command", "status": 200, "reply": .null] }
        let message: JSON
        if reply.contentType.lowercased().contains("json") {
            guard let parsed = try? JSONParser.parse(trimmed), parsed.isObject else {
                return Self.failed("\(command) failed with the error \"invalid_payload\"")
            }
            message = parsed
        } else {
            message = ["text": .string(reply.body)]
        }
        let applied = await workspace.applyCommandReply(message, channelID: channelID, userID: userID)
        guard applied.status == 200 else { return Self.failed("\(command) failed with the error \"\(applied.text)\"") }
        return [
            "ok": true, "kind": "command", "status": 200,
            "response_type": .string(message["response_type"]?.stringValue ?? "ephemeral"),
            "reply": .optional(message["text"]?.stringValue),
        ]
    }
}
