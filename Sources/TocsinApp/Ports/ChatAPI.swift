import TocsinCore

/// The chat platform as the app needs it: the few Web API operations Tocsin performs.
///
/// The live implementation (`SlackWebClient` in TocsinSlack) speaks Slack's Web API over libcurl;
/// tests use the sandbox workspace through that same client. Implementations translate the
/// platform's error answers into ``ChatError`` so the app never sees wire-format strings.
public protocol ChatAPI: Sendable {
    /// Who the bot is in this workspace (`auth.test`).
    func identity() async throws(ChatError) -> BotIdentity
    /// Creates a public channel and returns it; the bot becomes its creator and a member.
    func createChannel(named name: String) async throws(ChatError) -> ChannelInfo
    /// Finds a channel by exact name, archived ones included, among the public channels and the private
    /// channels the bot is a member of (a private channel the bot is not in cannot be seen), paging
    /// through the workspace's channel list.
    func findChannel(named name: String) async throws(ChatError) -> FoundChannel?
    /// Joins a public channel so the bot can post, invite and set its topic there.
    func joinChannel(id: String) async throws(ChatError)
    /// Invites users, everyone who can be invited even when some cannot; users who are already
    /// members count as invited. Returns the users the platform refused (unknown, deactivated,
    /// guests, …) with the reason; it throws only when nobody could be invited because of the channel or the call.
    func invite(userIDs: [String], toChannel channelID: String) async throws(ChatError) -> [RefusedInvite]
    /// Sets the channel topic (at most 250 characters; longer text is cut by the caller).
    func setTopic(_ topic: String, channelID: String) async throws(ChatError)
    /// Posts a message and returns its timestamp, the message id in that channel.
    func postMessage(_ message: OutgoingMessage, channelID: String) async throws(ChatError) -> String
    /// Replaces the text and blocks of a message the bot posted earlier.
    func updateMessage(_ message: OutgoingMessage, channelID: String, ts: String) async throws(ChatError)
    /// Opens a form (a modal) for the person whose click carried `triggerID` (valid 3 s, once).
    func openForm(_ form: FormDefinition, triggerID: String) async throws(ChatError)
    /// The calls this process made recently, by rate-limit bucket, for the next process that leads delivery.
    func callHistory() async -> CallHistory
    /// Counts another process's recent calls (its ``callHistory()``) against this one's rate limits.
    func adoptCallHistory(_ history: CallHistory) async
    /// Adds an emoji reaction (name without colons) to a message; reacting twice is not an error.
    func addReaction(_ name: String, channelID: String, ts: String) async throws(ChatError)
    /// The ts of a recent message the bot posted with this marker, in the channel or in a thread.
    ///
    /// Used after an interrupted delivery to tell whether the message went out before the crash.
    func findMessage(marker: String, channelID: String, threadTS: String?) async throws(ChatError) -> String?
    /// Opens (or finds) the bot's direct-message conversation with a user and returns its id, for posting to
    /// them alone; opening it again answers the same conversation.
    func openDirectMessage(userID: String) async throws(ChatError) -> String
    /// The user ids in a user group, by its handle (without the leading `@`).
    func userGroupMembers(handle: String) async throws(ChatError) -> [String]
    /// A web address that opens the channel from outside the chat (a page's link to the incident channel);
    /// nil when the platform has none.
    func channelURL(id: String) -> String?
    /// Posts a message only `userID` sees, in a channel they are in (the platform refuses it otherwise).
    func postEphemeral(_ message: OutgoingMessage, channelID: String, userID: String) async throws(ChatError)
    /// The address of a message (a thread's root opens the thread), to link to it from another channel.
    func messageLink(channelID: String, ts: String) async throws(ChatError) -> String
    /// Archives a channel: it keeps its history and name but takes no more messages. A channel archived
    /// already counts as archived.
    func archiveChannel(id: String) async throws(ChatError)
}

extension ChatAPI {
    /// No address by default: a platform (or a test's fake) without one leaves the link out.
    public func channelURL(id: String) -> String? { nil }

    /// The calls this process made recently, for the next process that leads delivery; none by default (a
    /// platform without rate limits, or a test's fake).
    public func callHistory() async -> CallHistory { CallHistory() }

    /// Counts the calls another process made (its ``callHistory()``) against this one's rate limits, when this
    /// process starts leading delivery; nothing to do by default.
    public func adoptCallHistory(_ history: CallHistory) async {}
}

/// The bot's own identity in the workspace.
public struct BotIdentity: Sendable, Equatable {
    public var userID: String
    public var teamID: String

    public init(userID: String, teamID: String) {
        self.userID = userID
        self.teamID = teamID
    }
}

/// A channel found by name, with the facts that decide whether the bot can use it.
public struct FoundChannel: Sendable, Equatable {
    public var info: ChannelInfo
    /// An archived channel keeps its name but takes no posts, joins or invitations until it is unarchived.
    public var isArchived: Bool
    /// A private channel can be joined only by invitation.
    public var isPrivate: Bool
    /// Whether the bot is a member.
    public var isMember: Bool

    public init(info: ChannelInfo, isArchived: Bool = false, isPrivate: Bool = false, isMember: Bool = false) {
        self.info = info
        self.isArchived = isArchived
        self.isPrivate = isPrivate
        self.isMember = isMember
    }
}

/// A message the bot posts, independent of any platform's wire format.
///
/// `text` is the notification fallback and the whole message when there are no sections;
/// the Slack adapter turns sections into `section` blocks and buttons into an `actions` block.
public struct OutgoingMessage: Sendable, Equatable, Codable {
    public var text: String
    public var sections: [String]
    public var buttons: [MessageButton]
    /// Post as a reply in this thread (the parent message's ts).
    public var threadTS: String?
    /// An identifier carried invisibly with the message (Slack message metadata), so that a
    /// delivery interrupted by a crash can find out whether the message was posted.
    public var marker: String?
    /// Further parts shown below `sections` and `buttons`, in order, each with its own buttons (e.g. a checklist).
    public var trailingParts: [MessagePart]

    public init(
        text: String, sections: [String] = [], buttons: [MessageButton] = [], threadTS: String? = nil, marker: String? = nil,
        trailingParts: [MessagePart] = []
    ) {
        self.trailingParts = trailingParts
        self.text = text
        self.sections = sections
        self.buttons = buttons
        self.threadTS = threadTS
        self.marker = marker
    }
}

/// A part of a message below its first buttons: its own text, then its own buttons (as many rows as the
/// platform needs for them).
public struct MessagePart: Sendable, Equatable, Codable {
    public var sections: [String]
    public var buttons: [MessageButton]

    public init(sections: [String], buttons: [MessageButton] = []) {
        self.sections = sections
        self.buttons = buttons
    }
}

/// A button under a message; `actionID` routes the click back to the app, `value` carries its argument.
public struct MessageButton: Sendable, Equatable, Codable {
    public enum Style: String, Sendable, Codable { case primary, danger }

    public var actionID: String
    public var text: String
    public var value: String
    public var style: Style?

    public init(actionID: String, text: String, value: String, style: Style? = nil) {
        self.actionID = actionID
        self.text = text
        self.value = value
        self.style = style
    }
}

/// A form to open as a modal: a few questions, free text or a choice.
public struct FormDefinition: Sendable, Equatable {
    public struct Question: Sendable, Equatable {
        /// Identifies the answer in the submission.
        public var id: String
        public var label: String
        /// Nil for free text; otherwise the answer is one of these.
        public var choices: [String]?
        public var isOptional: Bool
        /// A choice whose answer (`value`) differs from what people read: a label and a line about it.
        /// When set, it is used instead of `choices`.
        public var options: [Option]?
        /// Free text on several lines (a description) or on one (a title).
        public var isMultiline: Bool
        /// Free text filled in when the form opens (e.g. the message a shortcut was used on).
        public var initialValue: String?
        /// The most characters the free text may have.
        public var maxLength: Int?

        public init(
            id: String, label: String, choices: [String]? = nil, isOptional: Bool = false, options: [Option]? = nil,
            isMultiline: Bool = true, initialValue: String? = nil, maxLength: Int? = nil
        ) {
            self.id = id
            self.label = label
            self.choices = choices
            self.isOptional = isOptional
            self.options = options
            self.isMultiline = isMultiline
            self.initialValue = initialValue
            self.maxLength = maxLength
        }
    }

    /// One option of a choice: the value submitted, the label shown, and an optional line under it.
    public struct Option: Sendable, Equatable {
        public var value: String
        public var label: String
        public var detail: String?

        public init(value: String, label: String, detail: String? = nil) {
            self.value = value
            self.label = label
            self.detail = detail
        }
    }

    /// Routes the submission back to the app.
    public var callbackID: String
    /// At most 24 characters.
    public var title: String
    public var submitLabel: String
    /// Carried back with the submission (e.g. the incident number).
    public var metadata: String
    public var questions: [Question]

    public init(callbackID: String, title: String, submitLabel: String, metadata: String, questions: [Question]) {
        self.callbackID = callbackID
        self.title = title
        self.submitLabel = submitLabel
        self.metadata = metadata
        self.questions = questions
    }
}
