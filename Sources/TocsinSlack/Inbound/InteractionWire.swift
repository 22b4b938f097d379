import TocsinApp

/// An interaction payload as sent; only the fields Tocsin reads, each optional.
struct InteractionWire: Decodable {
    struct Container: Decodable {
        var channelID: String?
        var messageTS: String?

        private enum CodingKeys: String, CodingKey {
            case channelID = "channel_id"
            case messageTS = "message_ts"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            channelID = container.lenient(String.self, .channelID)
            messageTS = container.lenient(String.self, .messageTS)
        }
    }

    struct Action: Decodable {
        var actionID: String?
        var value: String?
        var selectedOption: String?

        private enum CodingKeys: String, CodingKey {
            case actionID = "action_id"
            case value
            case selectedOption = "selected_option"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            actionID = container.lenient(String.self, .actionID)
            value = container.lenient(String.self, .value)
            selectedOption = container.lenient(OptionValue.self, .selectedOption)?.value
        }
    }

    struct View: Decodable {
        var id: String?
        var callbackID: String?
        var privateMetadata: String?
        var values: [String: [String: StateValue]]

        private enum CodingKeys: String, CodingKey {
            case id
            case callbackID = "callback_id"
            case privateMetadata = "private_metadata"
            case state
        }

        private struct State: Decodable {
            var values: [String: [String: StateValue]]?
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = container.lenient(String.self, .id)
            callbackID = container.lenient(String.self, .callbackID)
            privateMetadata = container.lenient(String.self, .privateMetadata)
            values = container.lenient(State.self, .state)?.values ?? [:]
        }
    }

    /// The message a message shortcut (`message_action`) was used on.
    struct Message: Decodable {
        var ts: String?
        var user: String?
        var text: String?

        private enum CodingKeys: String, CodingKey { case ts, user, text }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            ts = container.lenient(String.self, .ts)
            user = container.lenient(String.self, .user)
            text = container.lenient(String.self, .text)
        }
    }

    var type: String?
    var callbackID: String?
    var message: Message?
    var messageTS: String?
    var user: WireIDObject?
    var team: WireIDObject?
    var channel: WireIDObject?
    var container: Container?
    var responseURL: String?
    var triggerID: String?
    var actions: [Action]?
    var view: View?

    private enum CodingKeys: String, CodingKey {
        case type, user, team, channel, container, actions, view, message
        case callbackID = "callback_id"
        case messageTS = "message_ts"
        case responseURL = "response_url"
        case triggerID = "trigger_id"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = container.lenient(String.self, .type)
        callbackID = container.lenient(String.self, .callbackID)
        message = container.lenient(Message.self, .message)
        messageTS = container.lenient(String.self, .messageTS)
        user = container.lenient(WireIDObject.self, .user)
        team = container.lenient(WireIDObject.self, .team)
        channel = container.lenient(WireIDObject.self, .channel)
        self.container = container.lenient(Container.self, .container)
        responseURL = container.lenient(String.self, .responseURL)
        triggerID = container.lenient(String.self, .triggerID)
        actions = container.lenient([Action].self, .actions)
        view = container.lenient(View.self, .view)
    }

    func buttonClicks() throws(PayloadError) -> [ButtonClick] {
        guard let userID = user?.id else { throw .missingField("user.id") }
        let channelID = container?.channelID ?? channel?.id
        return (actions ?? []).compactMap { action in
            guard let actionID = action.actionID else { return nil }
            return ButtonClick(
                actionID: actionID, value: action.value ?? action.selectedOption ?? "",
                userID: userID, channelID: channelID, messageTS: container?.messageTS,
                responseURL: responseURL, triggerID: triggerID)
        }
    }

    func viewSubmission() throws(PayloadError) -> ViewSubmission {
        guard let userID = user?.id else { throw .missingField("user.id") }
        guard let view else { throw .missingField("view") }
        guard let callbackID = view.callbackID else { throw .missingField("view.callback_id") }
        var values: [String: [String: String]] = [:]
        for (blockID, actions) in view.values {
            for (actionID, state) in actions {
                if let text = state.flattened { values[blockID, default: [:]][actionID] = text }
            }
        }
        return ViewSubmission(
            callbackID: callbackID, userID: userID, teamID: team?.id,
            privateMetadata: view.privateMetadata ?? "", values: values, viewID: view.id)
    }

    /// A global shortcut (`shortcut`) or a message shortcut (`message_action`, with its message and channel).
    func shortcut() throws(PayloadError) -> ShortcutRequest {
        guard let userID = user?.id else { throw .missingField("user.id") }
        guard let callbackID else { throw .missingField("callback_id") }
        var source: DeclareForm.SourceMessage?
        if type == "message_action" {
            guard let channelID = channel?.id else { throw .missingField("channel.id") }
            guard let ts = message?.ts ?? messageTS else { throw .missingField("message.ts") }
            source = DeclareForm.SourceMessage(
                channelID: channelID, ts: ts, userID: message?.user ?? userID,
                text: SlackMarkup.decode(message?.text ?? "").plainText)
        }
        return ShortcutRequest(callbackID: callbackID, userID: userID, teamID: team?.id, triggerID: triggerID, responseURL: responseURL, message: source)
    }
}

/// `{"value": …}` options of selects.
struct OptionValue: Decodable {
    var value: String?
}

/// One input's state in `view.state.values`: whichever of Slack's value fields it carries.
struct StateValue: Decodable {
    var flattened: String?

    private enum CodingKeys: String, CodingKey {
        case value
        case selectedOption = "selected_option"
        case selectedOptions = "selected_options"
        case selectedUser = "selected_user"
        case selectedUsers = "selected_users"
        case selectedChannel = "selected_channel"
        case selectedChannels = "selected_channels"
        case selectedConversation = "selected_conversation"
        case selectedConversations = "selected_conversations"
        case selectedDate = "selected_date"
        case selectedTime = "selected_time"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let single = c.lenient(String.self, .value)
            ?? c.lenient(OptionValue.self, .selectedOption)?.value
            ?? c.lenient(String.self, .selectedUser)
            ?? c.lenient(String.self, .selectedChannel)
            ?? c.lenient(String.self, .selectedConversation)
            ?? c.lenient(String.self, .selectedDate)
            ?? c.lenient(String.self, .selectedTime)
        let multiple = c.lenient([OptionValue].self, .selectedOptions)?.compactMap(\.value)
            ?? c.lenient([String].self, .selectedUsers)
            ?? c.lenient([String].self, .selectedChannels)
            ?? c.lenient([String].self, .selectedConversations)
        flattened = single ?? multiple?.joined(separator: ",")
    }
}
