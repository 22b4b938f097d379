import Foundation
import TocsinApp
import TocsinCore

/// Keeps the client within Slack's rate limits before Slack has to say so, and obeys Slack when it does.
///
/// Each method bucket remembers when its recent calls were made, over the same sliding minute Slack
/// counts; `chat.postMessage` in one channel is a token bucket (a short burst, then one a second), as
/// Slack describes it ("1 per second per channel, generous bursts"). A call that would exceed the bucket is
/// refused at once with `.rateLimited(retryAfter:)` — the delivery service reschedules it instead
/// of holding a connection — and a `429 Retry-After` closes the bucket until it expires.
actor CallPacer {
    private let limits: RateLimitSettings
    private let now: @Sendable () -> ContinuousClock.Instant
    private var recent: [String: [ContinuousClock.Instant]] = [:]
    private var closedUntil: [String: ContinuousClock.Instant] = [:]
    private var messageTokens: [String: (tokens: Double, updated: ContinuousClock.Instant)] = [:]

    init(limits: RateLimitSettings, now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.limits = limits
        self.now = now
    }

    /// The bucket a call counts against.
    static func bucket(method: String, channel: String?) -> String {
        if method == "chat.postMessage", let channel { return "chat.postMessage:\(channel)" }
        return method
    }

    /// Takes a slot for a call, or throws how long to wait for one.
    func admit(method: String, channel: String?) throws(ChatError) {
        let bucket = Self.bucket(method: method, channel: channel)
        let instant = now()
        if let until = closedUntil[bucket] {
            if instant < until { throw .rateLimited(retryAfter: Self.seconds(until - instant)) }
            closedUntil[bucket] = nil
        }
        if method == "chat.postMessage" {
            guard channel != nil, limits.messagesPerChannelPerSecond > 0 else { return }
            try admitMessage(bucket: bucket, at: instant)
            return
        }
        guard let (count, window) = allowance(method: method) else { return }
        var times = recent[bucket, default: []].filter { instant - $0 < window }
        if times.count >= count, let oldest = times.first {
            recent[bucket] = times
            throw .rateLimited(retryAfter: max(0.001, Self.seconds(oldest + window - instant)))
        }
        times.append(instant)
        recent[bucket] = times
    }

    /// Slack answered 429: no call to that bucket before `retryAfter` seconds have passed.
    func close(method: String, channel: String?, for retryAfter: Double) {
        let bucket = Self.bucket(method: method, channel: channel)
        let until = now() + .milliseconds(Int(retryAfter * 1000))
        closedUntil[bucket] = max(closedUntil[bucket] ?? until, until)
    }

    /// One message in one channel: a full bucket holds `messageBurst` tokens, refilled one per period.
    private func admitMessage(bucket: String, at instant: ContinuousClock.Instant) throws(ChatError) {
        let burst = Double(max(1, limits.messageBurst))
        let period = Self.seconds(.seconds(1) / limits.messagesPerChannelPerSecond + Self.messageMargin)
        var state = messageTokens[bucket] ?? (tokens: burst, updated: instant)
        state.tokens = min(burst, state.tokens + Self.seconds(instant - state.updated) / period)
        state.updated = instant
        defer { messageTokens[bucket] = state }
        guard state.tokens >= 1 else { throw .rateLimited(retryAfter: max(0.001, (1 - state.tokens) * period)) }
        state.tokens -= 1
    }

    /// Calls allowed per window for a tiered method, or nil when the method is not paced here.
    ///
    /// The windows are a little longer than Slack's (`margin`): Slack counts a call when it arrives,
    /// which can be a moment after it was admitted here, so an exact window would now and then let a
    /// call land inside the previous one's minute.
    private func allowance(method: String) -> (Int, Duration)? {
        guard let perMinute = SlackRateTier.of(method).perMinute(limits), perMinute > 0 else { return nil }
        return (perMinute, .seconds(60) + Self.margin)
    }

    static let margin: Duration = .milliseconds(250)
    /// The same care for messages: each token comes this much later than Slack's.
    static let messageMargin: Duration = .milliseconds(100)

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
