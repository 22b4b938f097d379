import TocsinCore

/// Why a ring channel cannot be used until a person acts: it is archived, or it is private and the bot is not in it.
enum RingChannelProblem: Equatable, CustomStringConvertible {
    case archived(String)
    /// The name is taken but the channel cannot be seen: a private channel the bot was not invited to.
    case hidden(String)

    /// What a failed effect means for its ring channel, if it says the channel cannot be used.
    init?(_ failure: EffectExecutor.Failure, channel name: String) {
        switch failure {
        case .unusableRingChannel(let problem, _): self = problem
        case .chat(.channelArchived): self = .archived(name)
        case .chat(.channelNotFound): self = .hidden(name)
        default: return nil
        }
    }

    /// The ring channel's name.
    var channel: String {
        switch self {
        case .archived(let name), .hidden(let name): name
        }
    }

    /// What the notice in the incident channel says is wrong.
    var kind: UnusableRingChannel.Problem {
        switch self {
        case .archived: .archived
        case .hidden: .hidden
        }
    }

    /// A short code for logs.
    var code: String {
        kind.rawValue
    }

    /// The sentence recorded as the outbox entry's failure reason.
    var description: String {
        switch self {
        case .archived(let name): "#\(name) is archived; unarchive it or change its setting in the configuration"
        case .hidden(let name): "#\(name) exists but the bot cannot see it; if it is private, invite the bot to it"
        }
    }

    /// The configuration key that names a ring's channel.
    static func setting(for ring: Ring) -> String {
        switch ring {
        case .stakeholders, .responders: "stakeholders_channel"
        case .company: "slack.announce_channel"
        case .executives: "slack.exec_channel"
        }
    }
}

extension Effect {
    /// The post this effect sends or edits, if any.
    var post: Post? {
        switch self {
        case .post(let post), .updateRoot(let post): post
        default: nil
        }
    }

    /// The ring channel (by name) this effect posts in or edits, if any.
    var ringChannelName: String? {
        post?.target.channelName
    }
}
