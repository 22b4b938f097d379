import Foundation
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

    /// Asks for a slot: nil when the call may go (it is then in flight), else the seconds to wait.
    private func admit(_ pacer: CallPacer, _ method: String, channel: String? = nil) async -> Double? {
        do {
            try await pacer.admit(method: method, channel: channel)
            return nil
        } catch {
            if case .rateLimited(let seconds) = error { return seconds }
            return -1
        }
    }

    /// A call answered at once: nil when it was let through (and answered), else the seconds to wait.
    private func waitFor(_ pacer: CallPacer, _ method: String, channel: String? = nil) async -> Double? {
        let wait = await admit(pacer, method, channel: channel)
        if wait == nil { await pacer.finished(method: method, channel: channel, rateLimitedFor: nil) }
        return wait
    }

    private func near(_ wait: Double?, _ seconds: Double) -> Bool {
        wait.map { abs($0 - seconds) < 0.01 } == true
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
        #expect(await admit(pacer, "chat.postMessage", channel: "C1") == nil)
        await pacer.finished(method: "chat.postMessage", channel: "C1", rateLimitedFor: 7)
        #expect(await waitFor(pacer, "chat.postMessage", channel: "C1").map { abs($0 - 7) < 0.01 } == true)
        #expect(await waitFor(pacer, "chat.postMessage", channel: "C2") == nil)
        clock.advance(by: .seconds(6))
        #expect(await waitFor(pacer, "chat.postMessage", channel: "C1").map { abs($0 - 1) < 0.01 } == true)
        clock.advance(by: .seconds(1))
        #expect(await waitFor(pacer, "chat.postMessage", channel: "C1") == nil)
    }

    @Test func aCallCountsFromItsAnswerSoSlowTravelNeverCrowdsSlacksMinute() async {
        let pacer = pacer()
        #expect(await waitFor(pacer, "conversations.create") == nil)
        for _ in 0..<19 {
            #expect(await admit(pacer, "conversations.create") == nil)
        }
        // Twenty calls made or in flight: the minute is full however long they take to arrive.
        #expect(await admit(pacer, "conversations.create") != nil)
        // They arrive, and are answered, 5 s after they were let through: Slack counts them from then.
        clock.advance(by: .seconds(5))
        for _ in 0..<19 {
            await pacer.finished(method: "conversations.create", channel: nil, rateLimitedFor: nil)
        }
        clock.advance(by: .milliseconds(55_250))
        #expect(await waitFor(pacer, "conversations.create") == nil, "the first call left the minute")
        #expect(near(await admit(pacer, "conversations.create"), 5), "the others leave it a minute after their answers")
    }

    @Test func messagesInFlightCountAsSentNow() async {
        let pacer = pacer()
        #expect(await waitFor(pacer, "chat.postMessage", channel: "C1") == nil)
        clock.advance(by: .seconds(10))
        for _ in 0..<3 {
            #expect(await admit(pacer, "chat.postMessage", channel: "C1") == nil)
        }
        clock.advance(by: .seconds(5))
        // Three still travelling 5 s later: when they arrive they take the whole burst, so a fourth waits.
        #expect(near(await admit(pacer, "chat.postMessage", channel: "C1"), 1.1))
    }

    @Test func aBucketNotYetAnsweredCarriesOneCallAtATime() async {
        let pacer = pacer()
        #expect(await admit(pacer, "conversations.create") == nil)
        #expect(await admit(pacer, "conversations.create") != nil, "the first call's answer tells whether the bucket is full")
        await pacer.finished(method: "conversations.create", channel: nil, rateLimitedFor: nil)
        #expect(await admit(pacer, "conversations.create") == nil)
        #expect(await admit(pacer, "conversations.create") == nil, "answered once, the bucket takes calls together")
    }

    @Test func aTierLimitMetOnceIsCountedFullSoItIsNotMetAgain() async {
        let pacer = pacer()
        // Another process filled the minute: Slack answers 429, a slot is free in 45 s.
        #expect(await admit(pacer, "conversations.create") == nil)
        await pacer.finished(method: "conversations.create", channel: nil, rateLimitedFor: 45)
        #expect(near(await admit(pacer, "conversations.create"), 45))
        clock.advance(by: .seconds(45))
        #expect(await waitFor(pacer, "conversations.create") == nil, "the slot Slack said would be free")
        // The other 19 calls Slack counted may have been made just before the 429: a minute after it, they are gone.
        #expect(near(await admit(pacer, "conversations.create"), 15.25))
    }

    @Test func aMessageLimitMetOnceGivesOneMessageThenOneAPeriod() async {
        let pacer = pacer()
        #expect(await admit(pacer, "chat.postMessage", channel: "C1") == nil)
        await pacer.finished(method: "chat.postMessage", channel: "C1", rateLimitedFor: 1)
        #expect(near(await admit(pacer, "chat.postMessage", channel: "C1"), 1))
        clock.advance(by: .seconds(1))
        #expect(await waitFor(pacer, "chat.postMessage", channel: "C1") == nil)
        #expect(near(await admit(pacer, "chat.postMessage", channel: "C1"), 1.1), "no burst into a bucket Slack said was empty")
    }

    @Test func aNewLeaderCountsTheCallsItsPredecessorMade() async {
        let old = pacer(), next = pacer()
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        for _ in 0..<20 {
            #expect(await waitFor(old, "conversations.create") == nil)
        }
        #expect(await waitFor(old, "chat.postMessage", channel: "C1") == nil)
        clock.advance(by: .seconds(10))
        let history = await old.history(at: date)
        #expect(history["conversations.create"]?.count == 20)
        await next.adopt(history, at: date)
        #expect(near(await admit(next, "conversations.create"), 50.25), "the minute the old leader filled")
        #expect(await admit(next, "chat.postMessage", channel: "C1") == nil)
        #expect(await admit(next, "chat.postMessage", channel: "C1") != nil, "one call at a time until one is answered")
    }

    /// A fresh bucket carries one call until it is answered; the calls behind it are told to come back about when
    /// that answer comes (50 ms), not a quarter second later, and all go once it has come.
    @Test func callsBehindAnUnansweredFirstCallWaitForItsAnswerNotLonger() async {
        let pacer = pacer()
        #expect(await admit(pacer, "conversations.list") == nil)
        let wait = await admit(pacer, "conversations.list")
        #expect(wait.map { $0 > 0 && $0 <= 0.05 } == true, "\(String(describing: wait))")
        await pacer.finished(method: "conversations.list", channel: nil, rateLimitedFor: nil)
        #expect(await admit(pacer, "conversations.list") == nil)
        #expect(await admit(pacer, "conversations.list") == nil, "an answered bucket takes calls side by side")
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
