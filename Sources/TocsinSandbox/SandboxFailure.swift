/// A failure the sandbox serves instead of a Web API call's normal answer, to test the bot's retries and timeouts.
public enum SandboxFailure: Sendable, Equatable {
    /// That HTTP status with an HTML body like Slack's "Server Error | Slack" page; no effect.
    case httpStatus(Int)
    /// HTTP 200 `{"ok":false,"error":…}`; no effect.
    case slackError(String)
    /// HTTP 429 with `Retry-After`; no effect.
    case rateLimited(retryAfter: Int)
    /// Waits, then performs the call normally: the client may give up while the effect still happens.
    case hang(seconds: Double)
}

/// The failures queued per method by `SandboxWorkspace.injectFailure`, consumed one per call.
struct FailurePlan {
    private var queued: [String: [SandboxFailure]] = [:]

    mutating func add(method: String, failure: SandboxFailure, times: Int) {
        guard times > 0 else { return }
        queued[method, default: []].append(contentsOf: repeatElement(failure, count: times))
    }

    mutating func removeAll() {
        queued = [:]
    }

    mutating func take(method: String) -> SandboxFailure? {
        guard var list = queued[method], !list.isEmpty else { return nil }
        let failure = list.removeFirst()
        queued[method] = list.isEmpty ? nil : list
        return failure
    }
}
