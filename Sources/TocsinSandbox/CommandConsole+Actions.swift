import Foundation

/// Button clicks on the page, sent to the bot as Slack's `block_actions` interaction
/// (shape of shared/slack/fixtures/block_actions.json, as `payload=<urlencoded JSON>`).
extension CommandConsole {
    /// `POST /sandbox/action` with `{"user","channel","message_ts","block_index","action_id","ephemeral"?,"value"?}`;
    /// `value` replaces the button's own value, as a forged or tampered click would carry (Slack sends the button's).
    func handleAction(body: String) async -> JSON {
        guard let input = try? JSONParser.parse(body), let userKey = input["user"]?.stringValue,
            let channelKey = input["channel"]?.stringValue, let messageTS = input["message_ts"]?.stringValue,
            let actionID = input["action_id"]?.stringValue, case .number(let indexText) = input["block_index"],
            let blockIndex = Int(indexText)
        else { return Self.failed("Send {\"user\", \"channel\", \"message_ts\", \"block_index\", \"action_id\"}.") }
        let isEphemeral = input["ephemeral"] == .bool(true)
        guard let user = await person(userKey) else { return Self.failed("Unknown user \(userKey).") }
        guard let channel = await channel(channelKey) else { return Self.failed("Unknown channel \(channelKey).") }
        guard var (message, blocks) = await clickedMessage(channelID: channel.id, ts: messageTS, ephemeral: isEphemeral) else {
            return Self.failed("No such message.")
        }
        // Slack gives every block a block_id; fill in the ones the bot left out.
        for index in blocks.indices where blocks[index]["block_id"] == nil {
            blocks[index].set("block_id", .string("sbx\(index)"))
        }
        message?.set("blocks", .array(blocks))
        guard blocks.indices.contains(blockIndex),
            let button = Self.buttons(in: blocks[blockIndex]).first(where: { $0["action_id"]?.stringValue == actionID })
        else { return Self.failed("No button \(actionID) in that message.") }
        var action: JSON = [
            "action_id": .string(actionID),
            "block_id": blocks[blockIndex]["block_id"] ?? .null,
            "text": button["text"] ?? .null,
        ]
        if let forged = input["value"]?.stringValue {
            action.set("value", .string(forged))
        } else if let value = button["value"] {
            action.set("value", value)
        }
        action.set("type", "button")
        action.set("action_ts", .string(TimestampClock.format(micros: Int64(Date().timeIntervalSince1970 * 1_000_000))))
        let responseID = await workspace.issueResponseURL(
            channelID: channel.id, userID: user.id, origin: isEphemeral ? .command : .action(messageTS: messageTS)
        )
        let payload = blockActionsPayload(
            user: user, channel: channel, messageTS: messageTS, message: message, action: action, responseID: responseID,
            trigger: await newTriggerID(for: user.id)
        )
        let sent = await dispatch("interactive", payload: payload, url: interactionsURL) {
            (FormURLEncoding.encode([("payload", payload.serialized())]), "application/x-www-form-urlencoded")
        }
        switch sent {
        case nil:
            return Self.failed("No bot is connected to this sandbox.")
        case .failure(.timedOut):
            return Self.failed("The bot did not answer within 3 seconds (operation_timeout).")
        case .failure(.unreachable(let detail)):
            return Self.failed("The bot could not be reached.", detail: detail)
        case .success(let reply):
            guard reply.status == 200 else { return Self.failed("The bot answered HTTP \(reply.status).") }
            return ["ok": true, "kind": "action", "status": 200]
        }
    }

    /// The clicked message (nil for an ephemeral one: Slack sends no `message` then) and its blocks.
    private func clickedMessage(channelID: String, ts: String, ephemeral: Bool) async -> (message: JSON?, blocks: [JSON])? {
        if ephemeral {
            guard let found = await workspace.ephemeral(ts: ts), let json = found.blocksJSON,
                let blocks = (try? JSONParser.parse(json))?.arrayValue
            else { return nil }
            return (nil, blocks)
        }
        guard let message = await workspace.messageWireObject(channelID: channelID, ts: ts) else { return nil }
        return (message, message["blocks"]?.arrayValue ?? [])
    }

    private func blockActionsPayload(
        user: SandboxUser, channel: SandboxChannel, messageTS: String, message: JSON?, action: JSON, responseID: String, trigger: String
    ) -> JSON {
        let seed = workspace.seed
        var payload: JSON = [
            "type": "block_actions",
            "user": [
                "id": .string(user.id), "username": .string(user.name), "name": .string(user.name),
                "team_id": .string(seed.teamID),
            ],
            "api_app_id": .string(seed.appID),
            "token": .string(Self.verificationToken),
            "container": [
                "type": "message", "message_ts": .string(messageTS), "channel_id": .string(channel.id),
                "is_ephemeral": .bool(message == nil),
            ],
            "trigger_id": .string(trigger),
            "team": ["id": .string(seed.teamID), "domain": .string(seed.teamDomain)],
            "enterprise": .null,
            "is_enterprise_install": false,
            "channel": ["id": .string(channel.id), "name": .string(channel.name)],
        ]
        if let message { payload.set("message", message) }
        payload.set("state", ["values": [:]])
        payload.set("response_url", .string(responseURL(responseID)))
        payload.set("actions", [action])
        return payload
    }

    /// The buttons of a block: a section's accessory or an actions block's elements.
    static func buttons(in block: JSON) -> [JSON] {
        var candidates: [JSON] = []
        if let accessory = block["accessory"] { candidates.append(accessory) }
        candidates.append(contentsOf: block["elements"]?.arrayValue ?? [])
        return candidates.filter { $0["type"]?.stringValue == "button" }
    }
}
