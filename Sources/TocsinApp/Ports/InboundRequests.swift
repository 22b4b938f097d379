import TocsinCore

/// A slash command as the app needs it, decoded from the platform's form body by the adapter.
public struct SlashCommandRequest: Sendable, Equatable {
    public var command: String
    /// What was typed after the command, decoded from the platform's markup.
    public var text: RichText
    public var teamID: String
    public var channelID: String
    public var channelName: String
    public var userID: String
    public var userName: String
    public var responseURL: String?
    public var triggerID: String?
    /// Names this request across the platform's retries and any replay of it: a state-changing command
    /// with an id seen before is not carried out again. The platform adapter sets it (from the trigger id,
    /// or from the signed body when there is none); by default it is derived from `triggerID`.
    public var requestID: String?

    public init(
        command: String, text: RichText, teamID: String, channelID: String, channelName: String,
        userID: String, userName: String, responseURL: String? = nil, triggerID: String? = nil, requestID: String? = nil
    ) {
        self.requestID = requestID ?? triggerID.map { "command:\($0)" }
        self.command = command
        self.text = text
        self.teamID = teamID
        self.channelID = channelID
        self.channelName = channelName
        self.userID = userID
        self.userName = userName
        self.responseURL = responseURL
        self.triggerID = triggerID
    }
}

/// A button click, decoded from a `block_actions` interaction payload.
public struct ButtonClick: Sendable, Equatable {
    public var actionID: String
    public var value: String
    public var userID: String
    public var channelID: String?
    public var messageTS: String?
    public var responseURL: String?
    /// Lets the app open a modal in answer to the click, within 3 seconds, once.
    public var triggerID: String?

    public init(actionID: String, value: String, userID: String, channelID: String?, messageTS: String?, responseURL: String?, triggerID: String? = nil) {
        self.triggerID = triggerID
        self.actionID = actionID
        self.value = value
        self.userID = userID
        self.channelID = channelID
        self.messageTS = messageTS
        self.responseURL = responseURL
    }
}

/// What the bot answers to a command or a click, right away, in the HTTP response.
public struct CommandReply: Sendable, Equatable {
    public enum Visibility: Sendable, Equatable { case ephemeral, inChannel }

    /// Encoded by the platform's adapter: people and channels as mentions, the rest escaped once.
    public var text: RichText
    public var visibility: Visibility

    public init(text: RichText, visibility: Visibility = .ephemeral) {
        self.text = text
        self.visibility = visibility
    }

    public static func ephemeral(_ text: RichText) -> CommandReply { CommandReply(text: text) }
}

/// Something people did in a channel, from the Events API: the raw material of the timeline.
public struct ChannelEvent: Sendable, Equatable {
    public enum Activity: Sendable, Equatable {
        /// A message posted by a person or by another integration (never the bot's own).
        case message(ChannelMessage)
        /// A message edited after it was posted: the message as it now reads.
        case messageEdited(ChannelMessage)
        /// A message deleted from the channel, by its ts.
        case messageDeleted(ts: String)
        /// Someone mentioned the bot in this message.
        case mention(ChannelMessage)
        case reaction(ts: String, name: String, userID: String, added: Bool)
        case pin(ts: String, userID: String, added: Bool)
        /// Someone joined the channel (by themselves or invited).
        case memberJoined(userID: String)
    }

    /// Slack's `event_id`, the same on every retry of one delivery.
    public var eventID: String
    public var channelID: String
    public var activity: Activity

    public init(eventID: String, channelID: String, activity: Activity) {
        self.eventID = eventID
        self.channelID = channelID
        self.activity = activity
    }
}

/// A submitted form (a modal), decoded from a `view_submission` payload.
public struct FormSubmission: Sendable, Equatable {
    public var callbackID: String
    public var userID: String
    public var privateMetadata: String
    /// Answers by question (block id).
    public var answers: [String: String]
    /// The platform's id of the open form: the same on a resent submission, so it declares once.
    public var formID: String?
    public var teamID: String?

    public init(callbackID: String, userID: String, privateMetadata: String, answers: [String: String], formID: String? = nil, teamID: String? = nil) {
        self.callbackID = callbackID
        self.userID = userID
        self.privateMetadata = privateMetadata
        self.answers = answers
        self.formID = formID
        self.teamID = teamID
    }
}

/// What the platform is told when a form is submitted: close it, or keep it open with a sentence beside
/// each field that is wrong (by the field's id).
public enum FormAnswer: Sendable, Equatable {
    case close
    case errors([String: String])
}

/// A shortcut: the global one (from the composer or search) or a message's (its "…" menu), which carries the message.
public struct ShortcutRequest: Sendable, Equatable {
    public var callbackID: String
    public var userID: String
    public var teamID: String?
    /// Lets the app open a modal in answer, within 3 seconds, once.
    public var triggerID: String?
    /// Only a message shortcut has one.
    public var responseURL: String?
    /// The message a message shortcut was used on, its text decoded from the platform's markup.
    public var message: DeclareForm.SourceMessage?

    public init(callbackID: String, userID: String, teamID: String?, triggerID: String?, responseURL: String? = nil, message: DeclareForm.SourceMessage? = nil) {
        self.callbackID = callbackID
        self.userID = userID
        self.teamID = teamID
        self.triggerID = triggerID
        self.responseURL = responseURL
        self.message = message
    }
}
