import TocsinApp

/// How fast Tocsin lets itself call the Web API: calls per minute for each of Slack's method
/// tiers, and messages per second in one channel after a short burst. Zero turns pacing off for that bucket.
public struct RateLimitSettings: Sendable, Equatable {
    public var tier1PerMinute: Int
    public var tier2PerMinute: Int
    public var tier3PerMinute: Int
    public var tier4PerMinute: Int
    public var messagesPerChannelPerSecond: Int
    /// Messages one channel may take at once before the per-second pace applies (Slack allows short bursts).
    public var messageBurst: Int

    public init(
        tier1PerMinute: Int = 1, tier2PerMinute: Int = 20, tier3PerMinute: Int = 50, tier4PerMinute: Int = 100,
        messagesPerChannelPerSecond: Int = 1, messageBurst: Int = 3
    ) {
        self.messageBurst = messageBurst
        self.tier1PerMinute = tier1PerMinute
        self.tier2PerMinute = tier2PerMinute
        self.tier3PerMinute = tier3PerMinute
        self.tier4PerMinute = tier4PerMinute
        self.messagesPerChannelPerSecond = messagesPerChannelPerSecond
    }

    /// No pacing at all (for tests against a workspace without limits).
    public static let unlimited = RateLimitSettings(tier1PerMinute: 0, tier2PerMinute: 0, tier3PerMinute: 0, tier4PerMinute: 0, messagesPerChannelPerSecond: 0)
}

/// `slack.rate_limits` in the configuration file: the Slack adapter's own settings, read by it.
extension RateLimitSettings {
    /// The keys of `slack.rate_limits`.
    static let configurationKeys: Set<String> = ["tier1", "tier2", "tier3", "tier4", "messages_per_channel_per_second", "message_burst"]

    /// The pacing the configuration `yaml` sets under `slack.rate_limits`, Slack's published limits where it says nothing.
    public static func read(fromConfiguration yaml: String, source: String = "tocsin.yml") throws(ConfigError) -> RateLimitSettings {
        try ConfigurationLoader.readSection(yaml, source: source, keys: ["slack", "rate_limits"], allowed: configurationKeys) { section in
            var settings = RateLimitSettings()
            // 0 turns a bucket's pacing off; the upper bounds are far above any of Slack's limits.
            func rate(_ key: String, _ keyPath: WritableKeyPath<RateLimitSettings, Int>, upTo maximum: Int) {
                guard let value = section.int(key, in: 0...maximum) else { return }
                settings[keyPath: keyPath] = value
            }
            rate("tier1", \.tier1PerMinute, upTo: 100_000)
            rate("tier2", \.tier2PerMinute, upTo: 100_000)
            rate("tier3", \.tier3PerMinute, upTo: 100_000)
            rate("tier4", \.tier4PerMinute, upTo: 100_000)
            rate("messages_per_channel_per_second", \.messagesPerChannelPerSecond, upTo: 1_000)
            rate("message_burst", \.messageBurst, upTo: 1_000)
            return settings
        }
    }
}
