import Foundation
import TocsinApp
import TocsinCore

/// Keeps the client within Slack's rate limits before Slack has to say so, and obeys Slack when it does.
///
/// Each method bucket remembers its recent calls over the same sliding minute Slack counts; `chat.postMessage`
/// in one channel is a token bucket (a short burst, then one a second), as Slack describes it ("1 per second
/// per channel, generous bursts"). A call that would exceed the bucket is refused at once with
/// `.rateLimited(retryAfter:)` — the delivery service reschedules it instead of holding a connection.
///
/// Slack counts a call when it arrives, which under load can be long after it was let through here. So a call
/// counts from the moment it is let through as if it were happening now, for as long as it is in flight, and
/// from its answer on (``finished(method:channel:rateLimitedFor:)``) at the time of its answer, which is never
/// before Slack counted it: however slowly calls travel, the buckets here are never emptier than Slack's.
///
/// A `429 Retry-After` closes the bucket until it expires and tells what this process did not know (another
/// replica's calls, before it took over delivery): that Slack's bucket is full. The bucket is then counted
/// full here too, as late as that can be, so the limit is met once, not again at each call that follows.
/// Until a bucket has had an answer (and again after a 429), it carries one call at a time: a burst into a
/// bucket whose state is unknown would be answered 429 as many times as it has calls.
actor CallPacer {
    private let limits: RateLimitSettings
    private let now: @Sendable () -> ContinuousClock.Instant
    private var buckets: [String: Bucket] = [:]

    /// What this process knows of one bucket's recent calls.
    private struct Bucket {
        /// When recent calls were answered (or are known to have been made), not in order.
        var answered: [ContinuousClock.Instant] = []
        var inFlight = 0
        /// A call had an answer that was not a 429 since the bucket was last found full or its history adopted.
        var confirmed = false
        var closedUntil: ContinuousClock.Instant?
    }

    /// How a bucket is paced.
    private enum Rule {
        case window(count: Int, length: Duration)
        case tokens(burst: Int, period: Duration)
    }

    init(limits: RateLimitSettings, now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.limits = limits
        self.now = now
    }

    /// The bucket a call counts against.
    static func bucket(method: String, channel: String?) -> String {
        if method == "chat.postMessage", let channel { return "chat.postMessage:\(channel)" }
        return method
    }

    /// Takes a slot for a call, or throws how long to wait for one. Every call let through is to be
    /// ``finished(method:channel:rateLimitedFor:)`` once answered.
    func admit(method: String, channel: String?) throws(ChatError) {
        let key = Self.bucket(method: method, channel: channel)
        let instant = now()
        var bucket = buckets[key] ?? Bucket()
        defer { buckets[key] = bucket }
        if let until = bucket.closedUntil {
            if instant < until { throw .rateLimited(retryAfter: Self.seconds(until - instant)) }
            bucket.closedUntil = nil
        }
        guard let rule = self.rule(method: method, channel: channel) else { return }
        if !bucket.confirmed, bucket.inFlight > 0 { throw .rateLimited(retryAfter: Self.seconds(Self.firstAnswerWait)) }
        bucket.answered.removeAll { instant - $0 > Self.horizon }
        switch rule {
        case .window(let count, let length):
            let counted = bucket.answered.filter { instant - $0 < length }
            if counted.count + bucket.inFlight >= count {
                let wait = counted.min().map { $0 + length - instant } ?? Self.margin
                throw .rateLimited(retryAfter: max(0.001, Self.seconds(wait)))
            }
        case .tokens(let burst, let period):
            // The k-th latest call (calls in flight count as made now) leaves room for another once
            // k − burst + 1 periods have passed since it: a token bucket of `burst`, refilled one per period.
            let latest = (bucket.answered + Array(repeating: instant, count: bucket.inFlight)).sorted(by: >)
            var ready = instant
            for (index, made) in latest.enumerated() {
                ready = max(ready, made + period * (index + 2 - burst))
            }
            if ready > instant { throw .rateLimited(retryAfter: max(0.001, Self.seconds(ready - instant))) }
        }
        bucket.inFlight += 1
    }

    /// A call let through by ``admit(method:channel:)`` was answered: a 429 (`rateLimitedFor` its
    /// `Retry-After`) closes the bucket and counts it full; any other end counts the call as made now.
    func finished(method: String, channel: String?, rateLimitedFor retryAfter: Double?) {
        let key = Self.bucket(method: method, channel: channel)
        let instant = now()
        var bucket = buckets[key] ?? Bucket()
        defer { buckets[key] = bucket }
        let rule = self.rule(method: method, channel: channel)
        if rule != nil { bucket.inFlight = max(0, bucket.inFlight - 1) }
        guard let retryAfter else {
            if rule != nil {
                bucket.answered.append(instant)
                bucket.confirmed = true
            }
            return
        }
        let seconds = retryAfter.isFinite ? min(max(retryAfter, 0), 86_400) : 1
        let until = instant + .milliseconds(Int((seconds * 1000).rounded(.up)))
        bucket.closedUntil = max(bucket.closedUntil ?? until, until)
        bucket.confirmed = false
        switch rule {
        case nil:
            break
        case .window(let count, let length)?:
            // Slack's minute holds `count` calls; those not known here are counted as made now, but for one
            // that leaves it when Slack said.
            let known = bucket.answered.filter { instant - $0 < length }.count + bucket.inFlight
            let unknown = count - known
            if unknown > 0 {
                bucket.answered.append(until - length)
                bucket.answered += Array(repeating: instant, count: unknown - 1)
            }
        case .tokens(let burst, _)?:
            // Slack's bucket has a token again when it said, and no more: one call then, then one a period.
            bucket.answered += Array(repeating: until, count: max(0, burst - 1))
        }
    }

    /// The calls this process knows of in each bucket, with their times, for the next process that delivers.
    func history(at date: Date) -> [String: [Date]] {
        let instant = now()
        var history: [String: [Date]] = [:]
        for (key, bucket) in buckets {
            let recent = bucket.answered.filter { instant - $0 <= Self.horizon }
                + Array(repeating: instant, count: bucket.inFlight)
            if !recent.isEmpty { history[key] = recent.map { date.addingTimeInterval(Self.seconds($0 - instant)) }.sorted() }
        }
        return history
    }

    /// Counts calls another process made (its ``history(at:)``) as if made here, and makes every bucket carry
    /// one call at a time again until it has an answer: this process starts delivering where another stopped.
    func adopt(_ history: [String: [Date]], at date: Date) {
        let instant = now()
        for key in buckets.keys { buckets[key]?.confirmed = false }
        for (key, times) in history {
            let made = times.compactMap { time -> ContinuousClock.Instant? in
                let ago = date.timeIntervalSince(time)
                guard ago.isFinite, ago >= 0, ago <= Self.seconds(Self.horizon) else { return nil }
                return instant - .milliseconds(Int(ago * 1000))
            }
            buckets[key, default: Bucket()].answered += made
        }
    }

    /// How the bucket of a call is paced; nil for calls not paced here.
    ///
    /// The windows are a little longer than Slack's (`margin`), and each message token comes a little later
    /// (`messageMargin`): the same care for clocks that do not tick quite alike.
    private func rule(method: String, channel: String?) -> Rule? {
        if method == "chat.postMessage" {
            guard channel != nil, limits.messagesPerChannelPerSecond > 0 else { return nil }
            return .tokens(burst: max(1, limits.messageBurst), period: .seconds(1) / limits.messagesPerChannelPerSecond + Self.messageMargin)
        }
        guard let perMinute = SlackRateTier.of(method).perMinute(limits), perMinute > 0 else { return nil }
        return .window(count: perMinute, length: .seconds(60) + Self.margin)
    }

    static let margin: Duration = .milliseconds(250)
    /// How soon a call is tried again when its bucket's one call is still unanswered: about when that answer
    /// comes. A quarter of a second here kept two ring channels waiting 250 ms behind a `conversations.list`
    /// answered in 50 (the ready benchmark, 1.58 × its bound).
    static let firstAnswerWait: Duration = .milliseconds(50)
    /// The same care for messages: each token comes this much later than Slack's.
    static let messageMargin: Duration = .milliseconds(100)
    /// Calls older than this count in no bucket.
    private static let horizon: Duration = .seconds(61)

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
