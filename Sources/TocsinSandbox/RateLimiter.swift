import Foundation

/// Slack's per-method rate limits for one workspace and app, so the bot's queueing and `Retry-After`
/// handling meet the same answers they would in production.
///
/// Tiered methods are counted over a sliding 60-second window. `chat.postMessage` is limited per channel
/// ("one message per second per channel", short bursts tolerated): a bucket of 3 refilled at 1 per second.
struct RateLimiter {
    enum Limit: Equatable {
        case perMinute(Int)
        case perChannelPerSecond(burst: Int)
    }

    static let tier1 = Limit.perMinute(1)
    static let tier2 = Limit.perMinute(20)
    static let tier3 = Limit.perMinute(50)
    static let tier4 = Limit.perMinute(100)

    private static let window: TimeInterval = 60

    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    private var recent: [String: [Date]] = [:]
    private var buckets: [String: Bucket] = [:]

    /// Counts the call if a slot is free and returns nil; otherwise returns the whole seconds to wait (at least 1)
    /// and counts nothing.
    mutating func admit(method: String, limit: Limit, channel: String?, now: Date) -> Int? {
        switch limit {
        case .perMinute(let limit):
            var times = recent[method, default: []].filter { now.timeIntervalSince($0) < Self.window }
            defer { recent[method] = times }
            if times.count >= limit {
                return Self.wholeSeconds(times[times.count - limit].addingTimeInterval(Self.window).timeIntervalSince(now))
            }
            times.append(now)
            return nil
        case .perChannelPerSecond(let burst):
            let key = "\(method) \(channel ?? "")"
            var bucket = buckets[key] ?? Bucket(tokens: Double(burst), updated: now)
            bucket.tokens = min(Double(burst), bucket.tokens + max(0, now.timeIntervalSince(bucket.updated)))
            bucket.updated = now
            defer { buckets[key] = bucket }
            guard bucket.tokens >= 1 else { return Self.wholeSeconds(1 - bucket.tokens) }
            bucket.tokens -= 1
            return nil
        }
    }

    private static func wholeSeconds(_ interval: TimeInterval) -> Int {
        max(1, Int(interval.rounded(.up)))
    }
}
