import Testing
import TocsinApp
import TocsinCore
@testable import TocsinSlack
import TocsinTestSupport

@Suite struct CallPacerTests {
    let clock = ManualClock()

    private func pacer(_ limits: RateLimitSettings = RateLimitSettings()) -> CallPacer {
        let clock = self.clock
        return CallPacer(limits: limits, now: { clock.instant })
    }

    private func waitFor(_ pacer: CallPacer, _ method: String, channel: String? = nil) async -> Double? {
        do {
            try await pacer.admit(method: method, channel: channel)
            return nil
        } catch {
            if case .rateLimited(let seconds) = error { return seconds }
            return -1
        }
    }

    @Test func aTierTwoMethodGetsTwentyCallsInAnyMinute() async {
        let pacer = pacer()
        for _ in 0..<20 {
            #expect(await waitFor(pacer, "conversations.create") == nil)
            clock.advance(by: .seconds(1))
        }
        // The 21st call waits until the first leaves the sliding minute (it was made 20 s ago),
        // plus the pacer's safety margin.
        let wait = await waitFor(pacer, "conversations.create")
        #expect(wait.map { abs($0 - 40.25) < 0.01 } == true)
        // Other methods have their own buckets.
        #expect(await waitFor(pacer, "conversations.invite") == nil)
        clock.advance(by: .milliseconds(40_250))
        #expect(await waitFor(pacer, "conversations.create") == nil)
    }

    @Test func messagesInAChannelGetABurstThenOneASecond() async {
        let pacer = pacer()
        for _ in 0..<3 {
            #expect(await waitFor(pacer, "chat.postMessage", channel: "C1") == nil)
        }
        #expect(await waitFor(pacer, "chat.postMessage", channel: "C2") == nil)
        // The bucket is empty: the next token comes a second (plus the margin) later.
        #expect(await waitFor(pacer, "chat.postMessage", channel: "C1").map { abs($0 - 1.1) < 0.01 } == true)
        clock.advance(by: .milliseconds(550))
        #expect(await waitFor(pacer, "chat.postMessage", channel: "C1").map { abs($0 - 0.55) < 0.01 } == true)
        clock.advance(by: .milliseconds(550))
        #expect(await waitFor(pacer, "chat.postMessage", channel: "C1") == nil)
        #expect(await waitFor(pacer, "chat.postMessage", channel: "C1") != nil)
        // A quiet channel fills up again, to the burst and no further.
        clock.advance(by: .seconds(60))
        for _ in 0..<3 {
            #expect(await waitFor(pacer, "chat.postMessage", channel: "C1") == nil)
        }
        #expect(await waitFor(pacer, "chat.postMessage", channel: "C1") != nil)
    }

    @Test func aBurstOfOneIsOneMessageASecond() async {
        let pacer = pacer(RateLimitSettings(messageBurst: 1))
        #expect(await waitFor(pacer, "chat.postMessage", channel: "C1") == nil)
        #expect(await waitFor(pacer, "chat.postMessage", channel: "C1").map { abs($0 - 1.1) < 0.01 } == true)
    }

    @Test func aRetryAfterClosesTheBucketUntilItExpires() async {
        let pacer = pacer(.unlimited)
        await pacer.close(method: "chat.postMessage", channel: "C1", for: 7)
        #expect(await waitFor(pacer, "chat.postMessage", channel: "C1").map { abs($0 - 7) < 0.01 } == true)
        #expect(await waitFor(pacer, "chat.postMessage", channel: "C2") == nil)
        clock.advance(by: .seconds(6))
        #expect(await waitFor(pacer, "chat.postMessage", channel: "C1").map { abs($0 - 1) < 0.01 } == true)
        clock.advance(by: .seconds(1))
        #expect(await waitFor(pacer, "chat.postMessage", channel: "C1") == nil)
    }

    @Test func zeroTurnsPacingOff() async {
        let pacer = pacer(.unlimited)
        for _ in 0..<500 {
            #expect(await waitFor(pacer, "conversations.list") == nil)
        }
    }

    /// 429s are counted by Slack's rate-limit bucket: the method's tier, or one label for every channel's
    /// one-message-a-second bucket, so the metric's label values stay few however many channels there are.
    static let buckets: [(String, String?, String)] = [
        ("chat.postMessage", "C0INC1", "post_message_per_channel"), ("chat.postMessage", "C0INC2", "post_message_per_channel"),
        ("chat.postMessage", nil, "special"), ("auth.test", nil, "special"), ("conversations.create", nil, "tier2"),
        ("conversations.invite", nil, "tier3"), ("chat.update", "C0INC1", "tier3"), ("users.info", nil, "tier4"),
    ]

    @Test(arguments: buckets)
    func rateLimitsAreCountedByBucket(method: String, channel: String?, bucket: String) {
        #expect(SlackRateTier.metricBucket(method: method, channel: channel) == bucket)
    }
}
