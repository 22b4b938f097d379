import TocsinApp
import TocsinHTTP

/// Slack's answers, HTTP status first and then the `{"ok":false,"error":…}` envelope,
/// translated into `ChatError`, the only failure type the app sees.
enum SlackErrorMapping {
    /// Web API `error` strings that mean "try again later" (Slack's common errors); the call was
    /// accepted and then failed on Slack's side, so it may have taken effect.
    static let transientErrors: Set<String> = [
        "internal_error", "fatal_error", "service_unavailable", "request_timeout", "team_added_to_org",
    ]

    /// Web API `error` strings that mean the token itself is refused (Slack's common errors).
    static let credentialErrors: Set<String> = [
        "not_authed", "invalid_auth", "account_inactive", "token_revoked", "token_expired",
    ]

    /// Maps an `ok:false` envelope's `error` string.
    static func chatError(forSlackError error: String) -> ChatError {
        switch error {
        case "name_taken": .nameTaken
        case "channel_not_found": .channelNotFound
        case "not_in_channel": .notInChannel
        case "is_archived": .channelArchived
        case "ratelimited", "rate_limited": .rateLimited(retryAfter: 1)
        case _ where transientErrors.contains(error): .transient(error, outcome: .unknown)
        case _ where credentialErrors.contains(error): .unauthorized(error)
        default: .permanent(error)
        }
    }

    /// Maps a failure to get any HTTP response at all, as every adapter reads it.
    static func chatError(for error: TransportError) -> ChatError {
        error.adapterError()
    }

    /// Maps an HTTP answer that is not a usable envelope; `nil` when the status is fine
    /// and the body should be read as an envelope.
    static func chatError(forStatus status: Int, retryAfter: Double?) -> ChatError? {
        switch status {
        case 429: .rateLimited(retryAfter: retryAfter ?? 1)
        case 500...599: .transient("http_\(status)", outcome: .unknown)
        default: nil
        }
    }
}
