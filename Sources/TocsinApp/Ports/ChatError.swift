/// Why a chat API call failed, in terms the app can act on: the few refusals it handles itself (a taken name,
/// a channel it must join first), and for everything else what the failure means for delivery, through
/// ``retry`` and ``outcome``. The `String`s are short codes for logs and metric labels; nothing decides on them.
public enum ChatError: Error, Sendable, Equatable, TransientOrPermanentError {
    /// A channel with that name exists (possibly archived).
    case nameTaken
    /// The channel does not exist or the bot cannot see it.
    case channelNotFound
    /// The bot must join the channel first.
    case notInChannel
    /// The channel is archived: nothing can be posted, joined or invited there until someone unarchives it.
    case channelArchived
    /// The platform asked us to wait this many seconds before calling again; the call had no effect.
    case rateLimited(retryAfter: Double)
    /// Worth retrying later: timeouts, connection errors, 5xx, `internal_error`. `outcome` says whether the call
    /// may have taken effect; unless the adapter knows better, it may have.
    case transient(String, outcome: CallOutcome = .unknown)
    /// The platform refuses the bot's credentials (a wrong, revoked or expired token, a deactivated
    /// account): no call will work until an operator fixes them, and then every call will again.
    case unauthorized(String)
    /// Retrying will not help: invalid arguments, missing scopes, and the like.
    case permanent(String)

    /// A short code without associated values, for logs and metric labels.
    public var code: String {
        switch self {
        case .nameTaken: "name_taken"
        case .channelNotFound: "channel_not_found"
        case .notInChannel: "not_in_channel"
        case .channelArchived: "is_archived"
        case .rateLimited: "ratelimited"
        case .transient: "transient"
        case .unauthorized(let code), .permanent(let code): code
        }
    }

    /// Whether, and when, the failed call is worth making again.
    public var retry: RetryAdvice {
        switch self {
        case .rateLimited(let seconds): .after(seconds: seconds)
        case .transient: .withBackoff
        case .unauthorized: .whenCredentialsWork
        case .nameTaken, .channelNotFound, .notInChannel, .channelArchived, .permanent: .never
        }
    }

    /// What the failed call did on the platform: a refusal did nothing; a transient failure says.
    public var outcome: CallOutcome {
        switch self {
        case .transient(_, let outcome): outcome
        case .nameTaken, .channelNotFound, .notInChannel, .channelArchived, .rateLimited, .unauthorized, .permanent: .noEffect
        }
    }
}
