import Foundation

/// The sandbox's rate limits (as `TocsinSandbox/RateLimiter.swift` and `WebAPIMethod.swift` enforce them)
/// and how soon they allow a given set of calls: the floor under any bot's total time.
///
/// Tiered methods are counted per method over a sliding 60-second window, so the n-th call admitted under a
/// limit of L per minute comes no sooner than ⌊(n−1)/L⌋ minutes after the first. `chat.postMessage` has a
/// bucket per channel holding 3 and refilled at 1 per second, so its n-th call in a channel comes no
/// sooner than n−3 seconds after the first. Public for the benchmarks and the end-to-end tests, which judge a
/// bot's total time against it.
public enum RateLimitBound {
    public enum Limit: Equatable, Sendable {
        case perMinute(Int)
        case perChannelPerSecond(burst: Int)

        public var description: String {
            switch self {
            case .perMinute(let count): "\(count)/min"
            case .perChannelPerSecond(let burst): "1/s per channel, burst \(burst)"
            }
        }
    }

    public static func limit(for method: String) -> Limit? {
        switch method {
        case "auth.test": .perMinute(600)
        case "chat.postMessage": .perChannelPerSecond(burst: 3)
        case "bookmarks.add", "conversations.archive", "conversations.create", "conversations.list",
            "conversations.setPurpose", "conversations.setTopic", "pins.add", "usergroups.list", "usergroups.users.list":
            .perMinute(20)
        case "chat.update", "conversations.history", "conversations.info", "conversations.invite", "conversations.join",
            "conversations.replies", "reactions.add":
            .perMinute(50)
        case "chat.postEphemeral", "conversations.members", "users.info":
            .perMinute(100)
        default: nil
        }
    }

    /// One rate-limit bucket and the calls it saw.
    public struct Bucket: Sendable {
        public var key: String
        public var limit: Limit
        /// Calls the limiter let through (answered, successfully or with a Slack error).
        public var admitted: Int
        /// Calls answered 429.
        public var rejected: Int
        /// Calls the work needed: at most one per incident (a repeated look-up is the bot's choice, and must not
        /// lengthen the bound it is judged against).
        public var needed: Int

        /// Seconds after the first call before the limits allow the last needed one.
        public var earliestLast: Double {
            guard needed > 0 else { return 0 }
            return switch limit {
            case .perMinute(let count): Double((needed - 1) / count) * 60
            case .perChannelPerSecond(let burst): Double(max(0, needed - burst))
            }
        }
    }

    /// The buckets the recorded calls fall in; `channelIDs` maps channel names to ids so a post by name and one
    /// by id count in the same bucket, as the sandbox counts them. A declaration needs at most one call per
    /// bucket (one create, one group look-up, one topic, one invitation, one post per channel…), so at most
    /// `incidents` calls of each bucket count as needed.
    public static func buckets(_ calls: [SandboxCall], channelIDs: [String: String], incidents: Int) -> [Bucket] {
        var buckets: [String: Bucket] = [:]
        for call in calls {
            guard let limit = limit(for: call.method) else { continue }
            var key = call.method
            if case .perChannelPerSecond = limit {
                let raw = call.params["channel"] ?? ""
                let name = raw.hasPrefix("#") ? String(raw.dropFirst()) : raw
                key += " " + (channelIDs[name] ?? raw)
            }
            var bucket = buckets[key] ?? Bucket(key: key, limit: limit, admitted: 0, rejected: 0, needed: 0)
            if call.httpStatus == 429 {
                bucket.rejected += 1
            } else {
                bucket.admitted += 1
                bucket.needed = min(bucket.admitted, incidents)
            }
            buckets[key] = bucket
        }
        return buckets.values.sorted { ($0.earliestLast, $0.key) > ($1.earliestLast, $1.key) }
    }

    /// What the limits allow for a storm of `incidents` SEV1 checkout declarations, one every `interval`
    /// seconds, before running it: four tier-2 calls per incident (create, usergroups.list, usergroups.users.list,
    /// setTopic) and one post per incident in each ring channel.
    public static func predicted(incidents: Int, interval: Double) -> Double {
        let tier2 = Bucket(key: "tier 2", limit: .perMinute(20), admitted: incidents, rejected: 0, needed: incidents).earliestLast
        let posts = Bucket(key: "ring", limit: .perChannelPerSecond(burst: 3), admitted: incidents, rejected: 0, needed: incidents).earliestLast
        return max(Double(incidents - 1) * interval, tier2, posts)
    }
}
