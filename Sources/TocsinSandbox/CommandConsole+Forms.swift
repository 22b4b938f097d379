import Foundation

/// Modals and shortcuts on the page, sent to the bot as Slack sends them: a submitted modal as `view_submission`
/// (shape of shared/slack/fixtures/view_submission.json), the global shortcut as `shortcut` and a message's
/// shortcut as `message_action` (api.slack.com/reference/interaction-payloads/shortcuts; bolt-python's tests).
extension CommandConsole {
    /// `POST /sandbox/view` with `{"view_id","values":{"<block_id>":"<text or option value>"}}`. As Slack's client
    /// does, a required field left empty or text over its `max_length` is refused before anything is sent.
    func handleViewSubmission(body: String) async -> JSON {
        guard let input = try? JSONParser.parse(body), let viewID = input["view_id"]?.stringValue else {
            return Self.failed("Send {\"view_id\", \"values\"}.")
        }
        guard let (record, view) = await workspace.openedView(id: viewID), record.isOpen else { return Self.failed("No open view \(viewID).") }
        guard let user = await person(input["user"]?.stringValue ?? record.userID) else { return Self.failed("Unknown user.") }
        let typed: [String: String] = Dictionary((input["values"]?.members ?? []).compactMap { member in
            member.value.stringValue.map { (member.key, $0) }
        }, uniquingKeysWith: { $1 })
        let blocks = view["blocks"]?.arrayValue ?? []
        var values: [JSON.Member] = []
        var refused: [String: String] = [:]
        for block in blocks where block["type"]?.stringValue == "input" {
            guard let blockID = block["block_id"]?.stringValue, let element = block["element"], let actionID = element["action_id"]?.stringValue else { continue }
            let text = typed[blockID].flatMap { $0.isEmpty ? nil : $0 }
            if text == nil && block["optional"] != .bool(true) { refused[blockID] = "Please complete this required field." }
            values.append(JSON.Member(key: blockID, value: .object([JSON.Member(key: actionID, value: Self.state(of: element, text: text, refused: &refused, blockID: blockID))])))
        }
        guard refused.isEmpty else {
            await workspace.recordSubmissionAnswer(viewID: viewID, errors: refused)
            return ["ok": false, "kind": "view", "errors": .object(refused.sorted { $0.key < $1.key }.map { JSON.Member(key: $0.key, value: .string($0.value)) })]
        }
        let payload = submissionPayload(user: user, view: view, viewID: viewID, values: .object(values))
        let sent = await dispatch("interactive", payload: payload, acceptsResponsePayload: true, url: interactionsURL) {
            (FormURLEncoding.encode([("payload", payload.serialized())]), "application/x-www-form-urlencoded")
        }
        guard case .success(let reply)? = sent else { return Self.failed("The bot did not take the submission.") }
        guard reply.status == 200 else { return Self.failed("The bot answered HTTP \(reply.status).") }
        return await interpretSubmissionReply(reply.body, viewID: viewID, blocks: blocks)
    }

    /// Slack's reading of a submission's answer: empty closes the modal; `response_action: errors` keeps it open
    /// with each message under its block, and every key must name an input block of the view.
    private func interpretSubmissionReply(_ body: String, viewID: String, blocks: [JSON]) async -> JSON {
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            await workspace.recordSubmissionAnswer(viewID: viewID, errors: nil)
            return ["ok": true, "kind": "view", "closed": true]
        }
        guard let answer = try? JSONParser.parse(trimmed), answer["response_action"]?.stringValue == "errors",
              let members = answer["errors"]?.members
        else { return Self.failed("The bot answered the submission with something Slack would not accept.", detail: trimmed) }
        let inputIDs = Set(blocks.filter { $0["type"]?.stringValue == "input" }.compactMap { $0["block_id"]?.stringValue })
        var errors: [String: String] = [:]
        for member in members {
            guard inputIDs.contains(member.key), let message = member.value.stringValue else {
                return Self.failed("The bot's errors name \(member.key), which is no input block of the view.")
            }
            errors[member.key] = message
        }
        await workspace.recordSubmissionAnswer(viewID: viewID, errors: errors)
        return ["ok": true, "kind": "view", "closed": false, "errors": .object(members)]
    }

    /// An input's entry in `view.state.values`, as Slack writes it for its element type.
    private static func state(of element: JSON, text: String?, refused: inout [String: String], blockID: String) -> JSON {
        let type = element["type"]?.stringValue ?? ""
        if type == "static_select" {
            let options = element["options"]?.arrayValue ?? []
            guard let text else { return ["type": "static_select", "selected_option": .null] }
            guard let option = options.first(where: { $0["value"]?.stringValue == text }) else {
                refused[blockID] = "Choose one of the options."
                return ["type": "static_select", "selected_option": .null]
            }
            return ["type": "static_select", "selected_option": option]
        }
        if let text, let limit = element["max_length"].flatMap({ if case .number(let n) = $0 { Int(n) } else { nil } }), text.count > limit {
            refused[blockID] = "Please enter at most \(limit) characters."
        }
        return ["type": .string(type), "value": .optional(text)]
    }

    private func submissionPayload(user: SandboxUser, view: JSON, viewID: String, values: JSON) -> JSON {
        let seed = workspace.seed
        var submitted: JSON = [
            "id": .string(viewID), "team_id": .string(seed.teamID), "type": "modal",
            "blocks": view["blocks"] ?? [], "private_metadata": view["private_metadata"] ?? "",
            "callback_id": view["callback_id"] ?? "", "state": ["values": values], "hash": .string(viewID + ".hash"),
            "title": view["title"] ?? .null, "clear_on_close": false, "notify_on_close": false,
        ]
        submitted.set("close", view["close"] ?? .null)
        submitted.set("submit", view["submit"] ?? .null)
        submitted.set("previous_view_id", .null)
        submitted.set("root_view_id", .string(viewID))
        submitted.set("app_id", .string(seed.appID))
        submitted.set("external_id", "")
        submitted.set("app_installed_team_id", .string(seed.teamID))
        submitted.set("bot_id", .string(seed.botID))
        return [
            "type": "view_submission",
            "team": ["id": .string(seed.teamID), "domain": .string(seed.teamDomain)],
            "user": ["id": .string(user.id), "username": .string(user.name), "name": .string(user.name), "team_id": .string(seed.teamID)],
            "api_app_id": .string(seed.appID), "token": .string(Self.verificationToken), "trigger_id": "",
            "view": submitted, "response_urls": [],
        ]
    }

    /// `POST /sandbox/shortcut` with `{"user","callback_id"}` (the global shortcut) or with `"channel"` and
    /// `"message_ts"` too (the shortcut in a message's menu).
    func handleShortcut(body: String) async -> JSON {
        guard let input = try? JSONParser.parse(body), let userKey = input["user"]?.stringValue,
              let callbackID = input["callback_id"]?.stringValue
        else { return Self.failed("Send {\"user\", \"callback_id\"} and, for a message shortcut, \"channel\" and \"message_ts\".") }
        guard let user = await person(userKey) else { return Self.failed("Unknown user \(userKey).") }
        let seed = workspace.seed
        let trigger = await newTriggerID(for: user.id)
        let actionTS = TimestampClock.format(micros: Int64(Date().timeIntervalSince1970 * 1_000_000))
        var payload: JSON
        if let channelKey = input["channel"]?.stringValue, let messageTS = input["message_ts"]?.stringValue {
            guard let channel = await channel(channelKey) else { return Self.failed("Unknown channel \(channelKey).") }
            guard let message = await workspace.messageWireObject(channelID: channel.id, ts: messageTS) else { return Self.failed("No such message.") }
            let responseID = await workspace.issueResponseURL(channelID: channel.id, userID: user.id, origin: .command)
            payload = [
                "type": "message_action", "token": .string(Self.verificationToken), "action_ts": .string(actionTS),
                "team": ["id": .string(seed.teamID), "domain": .string(seed.teamDomain)],
                "user": ["id": .string(user.id), "name": .string(user.name)],
                "channel": ["id": .string(channel.id), "name": .string(channel.name)],
                "is_enterprise_install": false, "enterprise": .null,
                "callback_id": .string(callbackID), "trigger_id": .string(trigger), "message_ts": .string(messageTS),
            ]
            payload.set("message", message)
            payload.set("response_url", .string(responseURL(responseID)))
        } else {
            payload = [
                "type": "shortcut", "token": .string(Self.verificationToken), "action_ts": .string(actionTS),
                "team": ["id": .string(seed.teamID), "domain": .string(seed.teamDomain)],
                "user": ["id": .string(user.id), "username": .string(user.name), "team_id": .string(seed.teamID)],
                "is_enterprise_install": false, "enterprise": .null,
                "callback_id": .string(callbackID), "trigger_id": .string(trigger),
            ]
        }
        let sent = await dispatch("interactive", payload: payload, url: interactionsURL) {
            (FormURLEncoding.encode([("payload", payload.serialized())]), "application/x-www-form-urlencoded")
        }
        guard case .success(let reply)? = sent else { return Self.failed("The bot did not take the shortcut.") }
        guard reply.status == 200 else { return Self.failed("The bot answered HTTP \(reply.status).") }
        return ["ok": true, "kind": "shortcut", "status": 200]
    }
}
