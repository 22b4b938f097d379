/// A channel's stored state inside the workspace actor.
struct ChannelRecord {
    /// A topic or purpose: Slack reports who set it and when alongside the text.
    struct Text {
        var value = ""
        var creator = ""
        var lastSet = 0
    }

    var id: String
    var name: String
    var creator: String
    var created: Int
    var isArchived = false
    var isPrivate: Bool
    var topic = Text()
    var purpose = Text()
    var members: [String]
    var bookmarks: [SandboxBookmark] = []
    /// Set for a direct-message conversation (`D…`): the person the bot talks to in it. Such a conversation
    /// has no name and is listed nowhere a channel is (it lives outside `channelOrder`).
    var imUser: String? = nil

    var snapshot: SandboxChannel {
        SandboxChannel(
            id: id, name: name, creator: creator, created: created, isArchived: isArchived, isPrivate: isPrivate,
            topic: topic.value, purpose: purpose.value, members: members
        )
    }
}

/// A message's stored state inside the workspace actor; blocks and metadata stay parsed for answering reads.
struct MessageRecord {
    var ts: String
    var channelID: String
    var user: String
    /// Set for messages the bot posted, and for those another integration posted.
    var botID: String?
    /// `bot_message` for a message another integration posted (no `user`, a `username` instead).
    var subtype: String?
    /// The integration's display name on a `bot_message`.
    var username: String?
    var text: String
    var blocks: JSON?
    var attachments: JSON?
    /// The parent's ts for a thread reply; nil for a root message (its `thread_ts` is derived when it has replies).
    var threadTS: String?
    var editedTS: String?
    var metadata: JSON?
    var isPinned = false
    var reactions: [SandboxReaction] = []

    var isThreadReply: Bool { threadTS != nil }

    var snapshot: SandboxMessage {
        SandboxMessage(
            ts: ts, channelID: channelID, user: user, text: text, blocksJSON: blocks?.serialized(),
            attachmentsJSON: attachments?.serialized(),
            visibleText: MessageDisplay.visibleText(text: text, blocks: blocks), buttons: MessageDisplay.buttons(blocks: blocks),
            threadTS: threadTS, edited: editedTS != nil,
            metadataJSON: metadata?.serialized(), isPinned: isPinned, reactions: reactions
        )
    }
}
