import Foundation
import Testing
import TocsinCore

@testable import TocsinApp

/// How the delivery service answers each kind of failed attempt: retry now (with backoff), retry after a wait the
/// platform named, reconcile first (look for the effect before repeating the call), pause for credentials, or give up.
@Suite struct DeliveryDecisionTests {
    static let stored = Date(timeIntervalSince1970: 1_800_000_000)
    static let settings = DeliveryService.Settings(
        initialBackoff: 0.5, maxBackoff: 300, retryDeadline: 3600, inDoubtDelay: 20, credentialsProbeInterval: .seconds(30)
    )

    /// An entry stored at `stored` that failed its `attempts`-th attempt.
    static func entry(_ effect: Effect = .createIncidentChannel(name: "inc-1-checkout"), attempts: Int = 1) -> OutboxEntry {
        OutboxEntry(
            id: 7, incidentNumber: 1, lane: OutboxEntry.placement(of: effect, incident: 1).lane, effect: effect,
            needsIncidentChannel: false, status: .pending, attempts: attempts - 1, notBefore: stored, createdAt: stored
        )
    }

    static func decide(
        _ error: any Error, entry: OutboxEntry = entry(), after elapsed: Double = 1, jitter: Double = 0
    ) -> DeliveryDecision {
        DeliveryService.decide(after: error, entry: entry, now: stored.addingTimeInterval(elapsed), settings: settings, jitter: jitter).decision
    }

    @Test func connectionRefusedIsAPlainRetry() {
        let refused = EffectExecutor.Failure.chat(.transient("connect_failed", outcome: .noEffect))
        #expect(Self.decide(refused) == .retry(in: 0.25, reconcileFirst: false))
    }

    @Test func backoffDoublesPerAttemptUpToItsCeilingWithJitterInTheUpperHalf() {
        let refused = EffectExecutor.Failure.chat(.transient("connect_failed", outcome: .noEffect))
        #expect(Self.decide(refused, entry: Self.entry(attempts: 3), jitter: 0) == .retry(in: 1, reconcileFirst: false))
        #expect(Self.decide(refused, entry: Self.entry(attempts: 3), jitter: 1) == .retry(in: 2, reconcileFirst: false))
        #expect(Self.decide(refused, entry: Self.entry(attempts: 40), jitter: 1) == .retry(in: 300, reconcileFirst: false))
    }

    @Test func a429IsRetriedAfterRetryAfterWithoutLookingForTheCall() {
        #expect(Self.decide(EffectExecutor.Failure.chat(.rateLimited(retryAfter: 7))) == .retry(in: 7, reconcileFirst: false))
    }

    /// An archive's alarm goes off a week after it was stored: a store failure then is retried like any fresh entry.
    @Test func anAlarmIsRetriedForTheDeadlineCountedFromWhenItWentOff() {
        let week = 7 * 86_400.0
        let alarm = Self.entry(.alarm(Alarm(due: Self.stored.addingTimeInterval(week), purpose: .archive(resolvedAt: Self.stored))))
        let failed = EffectExecutor.Failure.store(.unavailable("disk full"))
        #expect(Self.decide(failed, entry: alarm, after: week + 60) == .retry(in: 0.25, reconcileFirst: true))
        #expect(Self.decide(failed, entry: alarm, after: week + 3601) == .giveUp(followUps: []))
    }

    @Test func aRateLimitIsWaitedOutEvenPastTheRetryDeadline() {
        let limited = EffectExecutor.Failure.chat(.rateLimited(retryAfter: 7))
        #expect(Self.decide(limited, after: 2 * 3600) == .retry(in: 7, reconcileFirst: false))
    }

    @Test func aTimeoutAfterSendingANonIdempotentCallIsLookedForAfterTheInDoubtDelay() {
        // The channel (or message) may have been created after the client gave up: the next attempt waits until
        // the request has surely landed, then looks for it (adopting the channel, finding the message's marker).
        let timedOut = EffectExecutor.Failure.chat(.transient("timeout", outcome: .mayStillLand))
        #expect(Self.decide(timedOut) == .retry(in: 20, reconcileFirst: true))
        let later = Self.entry(attempts: 3)
        #expect(Self.decide(timedOut, entry: later) == .retry(in: 20, reconcileFirst: true), "a backoff shorter than the in-doubt delay waits for it")
    }

    @Test func aServerErrorOrADroppedConnectionIsRetriedAfterLookingForTheCall() {
        let serverError = EffectExecutor.Failure.chat(.transient("http_503", outcome: .unknown))
        #expect(Self.decide(serverError) == .retry(in: 0.25, reconcileFirst: true))
        let dropped = EffectExecutor.Failure.chat(.transient("connection_lost", outcome: .unknown))
        #expect(Self.decide(dropped) == .retry(in: 0.25, reconcileFirst: true))
    }

    @Test func invalidAuthPausesDeliveryAndNeverGivesUp() {
        let refused = EffectExecutor.Failure.chat(.unauthorized("invalid_auth"))
        #expect(Self.decide(refused) == .pauseForCredentials(reason: "invalid_auth", retryIn: 30))
        #expect(Self.decide(refused, after: 10 * 3600) == .pauseForCredentials(reason: "invalid_auth", retryIn: 30))
    }

    @Test(arguments: [ChatError.permanent("missing_scope"), .nameTaken, .channelNotFound, .notInChannel, .channelArchived])
    func aRefusalIsGivenUp(error: ChatError) {
        #expect(Self.decide(EffectExecutor.Failure.chat(error)) == .giveUp(followUps: []))
    }

    @Test func aTransientFailurePastTheRetryDeadlineIsGivenUp() {
        let timedOut = EffectExecutor.Failure.chat(.transient("timeout", outcome: .mayStillLand))
        #expect(Self.decide(timedOut, after: 3600) == .giveUp(followUps: []))
        #expect(Self.decide(EffectExecutor.Failure.store(.unavailable("locked")), after: 3600) == .giveUp(followUps: []))
    }

    @Test func trackerFailuresFollowTheirMeaning() {
        let file = Self.entry(.fileActionItem(id: 3))
        #expect(Self.decide(EffectExecutor.Failure.tracker(.transient("connect_failed", outcome: .noEffect)), entry: file) == .retry(in: 0.25, reconcileFirst: false))
        #expect(Self.decide(EffectExecutor.Failure.tracker(.transient("timeout", outcome: .mayStillLand)), entry: file) == .retry(in: 20, reconcileFirst: true))
        #expect(Self.decide(EffectExecutor.Failure.tracker(.permanent("http_401")), entry: file) == .giveUp(followUps: []))
    }

    @Test func aStoreFailureIsRetriedAfterLookingForTheCallItFollowed() {
        #expect(Self.decide(EffectExecutor.Failure.store(.unavailable("database is locked"))) == .retry(in: 0.25, reconcileFirst: true))
    }

    @Test func whatCannotBeDoneIsGivenUp() {
        #expect(Self.decide(EffectExecutor.Failure.render(.missingTemplate("welcome", directory: "templates"))) == .giveUp(followUps: []))
        #expect(Self.decide(EffectExecutor.Failure.impossible("incident #1 has no channel yet")) == .giveUp(followUps: []))
    }

    @Test func anUnusableRingChannelIsGivenUpWithItsNotice() {
        let notice = Effect.setIncidentTopic("stand-in for the notice")
        let failure = EffectExecutor.Failure.unusableRingChannel(.archived("exec-incidents"), notice: notice)
        #expect(Self.decide(failure) == .giveUp(followUps: [notice]))
    }

    @Test func theReasonRecordedIsTheFailuresCode() {
        let (reason, _) = DeliveryService.decide(
            after: EffectExecutor.Failure.tracker(.permanent("http_401")), entry: Self.entry(), now: Self.stored, settings: Self.settings, jitter: 0
        )
        #expect(reason == "tracker: http_401")
    }
}
