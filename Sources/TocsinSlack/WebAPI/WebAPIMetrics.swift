import Metrics
import TocsinApp

/// The Web API's metrics: every call by method and outcome, and Slack's 429s with the `Retry-After`
/// they asked for, by rate-limit bucket and method (a dashboard shows which of Slack's limits the bot meets,
/// which calls Slack slows down, and for how long). The bucket is the tier, not the channel, so its values are few.
enum WebAPIMetrics {
    static let calls = "tocsin_slack_api_calls_total"
    static let rateLimited = "tocsin_slack_rate_limited_total"
    static let retryAfter = "tocsin_slack_retry_after_seconds"

    /// Counts one call that reached the transport; `status` is the HTTP status when there was an answer.
    static func record(method: String, channel: String?, status: Int?, outcome: Result<SlackWebClient.Answer, ChatError>) {
        let label: String
        switch outcome {
        case .success(.ok): label = "ok"
        case .success(.failed(let error, _)): label = error
        case .failure(.transient(let cause, _)): label = cause
        case .failure(let error): label = error.code
        }
        Counter(label: calls, dimensions: [("method", method), ("outcome", label)]).increment()
        if status == 429, case .failure(.rateLimited(let seconds)) = outcome {
            let dimensions = [("bucket", SlackRateTier.metricBucket(method: method, channel: channel)), ("method", method)]
            Counter(label: rateLimited, dimensions: dimensions).increment()
            Recorder(label: retryAfter, dimensions: dimensions, aggregate: true).record(seconds)
        }
    }
}
