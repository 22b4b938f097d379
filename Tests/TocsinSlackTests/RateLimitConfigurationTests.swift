import Testing
import TocsinApp
import TocsinSlack

/// `slack.rate_limits` belongs to the Slack adapter: the app's loader accepts the key and leaves it to it.
@Suite struct RateLimitConfigurationTests {
    @Test func rateLimitsDefaultToSlacksTiersAndCanBeSet() throws {
        let defaults = try RateLimitSettings.read(fromConfiguration: DefaultConfiguration.yaml)
        #expect(defaults == RateLimitSettings(tier1PerMinute: 1, tier2PerMinute: 20, tier3PerMinute: 50, tier4PerMinute: 100, messagesPerChannelPerSecond: 1, messageBurst: 3))
        let yaml = DefaultConfiguration.yaml.replacingOccurrences(of: "  default_severity: SEV2\n", with: "  default_severity: SEV2\n  rate_limits: { tier2: 40, messages_per_channel_per_second: 0, message_burst: 1 }\n")
        _ = try ConfigurationLoader.parse(yaml)
        let custom = try RateLimitSettings.read(fromConfiguration: yaml)
        #expect(custom.tier2PerMinute == 40)
        #expect(custom.messagesPerChannelPerSecond == 0)
        #expect(custom.messageBurst == 1)
        #expect(custom.tier3PerMinute == 50)
    }

    @Test func aNegativeOrUnknownRateIsAProblem() {
        let yaml = DefaultConfiguration.yaml.replacingOccurrences(of: "  default_severity: SEV2\n", with: "  default_severity: SEV2\n  rate_limits: { tier2: -1, tier9: 3 }\n")
        do {
            _ = try RateLimitSettings.read(fromConfiguration: yaml)
            Issue.record("expected problems")
        } catch {
            let messages = error.problems.map(\.message)
            #expect(messages.contains { $0.contains("`slack.rate_limits.tier2` must be between 0 and 100000, not -1") })
            #expect(messages.contains { $0.contains("unknown key `slack.rate_limits.tier9`") })
            #expect(error.problems.allSatisfy { $0.line != nil })
        }
    }
}
