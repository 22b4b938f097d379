import Foundation

/// A channel as the workspace holds it, for tests to assert on and the web page to show.
public struct SandboxChannel: Sendable, Equatable {
    public var id: String
    public var name: String
    public var creator: String
    /// Unix seconds.
    public var created: Int
    public var isArchived: Bool
    public var isPrivate: Bool
    public var topic: String
    public var purpose: String
    /// Member user ids in the order they joined, the bot included when it is a member.
    public var members: [String]
}

/// A message in a channel (a root message or a thread reply), as the workspace holds it.
public struct SandboxMessage: Sendable, Equatable {
    public var ts: String
    public var channelID: String
    public var user: String
    public var text: String
    /// The blocks as JSON text (compact, member order as received), or nil when the message has none.
    public var blocksJSON: String?
    public var attachmentsJSON: String?
    /// What a person sees of it in Slack's client: the words of its blocks when it has blocks (its `text`
    /// is then only the notification fallback), else its `text`.
    public var visibleText: String
    /// The labels of the buttons a person sees on it.
    public var buttons: [String]
    /// The parent's ts for a thread reply; nil for a root message.
    public var threadTS: String?
    public var edited: Bool
    /// `{"event_type":…,"event_payload":…}` as JSON text, when posted with metadata.
    public var metadataJSON: String?
    public var isPinned: Bool
    /// Reaction names with who added them, in the order first added.
    public var reactions: [SandboxReaction]
}

/// One emoji reaction on a message.
public struct SandboxReaction: Sendable, Equatable {
    public var name: String
    public var users: [String]
}

/// A message only one user sees: `chat.postEphemeral`, or a slash-command reply not sent `in_channel`.
public struct SandboxEphemeral: Sendable, Equatable {
    public var channelID: String
    public var user: String
    public var text: String
    public var blocksJSON: String?
    public var threadTS: String?
    public var ts: String
}

/// A channel bookmark added with `bookmarks.add`.
public struct SandboxBookmark: Sendable, Equatable {
    public var id: String
    public var channelID: String
    public var title: String
    public var link: String
    public var emoji: String?
}

/// One Web API call the sandbox received and how it answered, so tests can assert on what the bot did.
public struct SandboxCall: Sendable, Equatable {
    public var method: String
    /// The arguments (the token excluded); JSON values other than strings are given as JSON text.
    public var params: [String: String]
    public var httpStatus: Int
    /// The `error` answered, if any (nil for success and for injected HTTP-status failures).
    public var error: String?
    public var time: Date

    public var ok: Bool { httpStatus == 200 && error == nil }
}
