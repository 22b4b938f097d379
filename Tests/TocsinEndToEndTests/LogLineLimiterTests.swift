import Testing
import TocsinServer
import TocsinTestSupport

/// One log line per kind per interval, with the count of the lines held back in between.
@Suite struct LogLineLimiterTests {
    @Test func theFirstLineOfAKindIsWrittenAndTheRestOfItsIntervalHeldBack() {
        let clock = ManualClock()
        let limiter = LogLineLimiter(interval: .seconds(10), now: { clock.instant })
        #expect(limiter.decide("signature") == .write(suppressed: 0))
        for _ in 0..<2999 {
            #expect(limiter.decide("signature") == .suppress)
        }
        clock.advance(by: .seconds(9))
        #expect(limiter.decide("signature") == .suppress)
        clock.advance(by: .seconds(1))
        #expect(limiter.decide("signature") == .write(suppressed: 3000), "the next line says how many were held back")
        #expect(limiter.decide("signature") == .suppress)
    }

    @Test func eachKindHasItsOwnInterval() {
        let clock = ManualClock()
        let limiter = LogLineLimiter(interval: .seconds(10), now: { clock.instant })
        #expect(limiter.decide("signature") == .write(suppressed: 0))
        #expect(limiter.decide("too_large") == .write(suppressed: 0))
        #expect(limiter.decide("signature") == .suppress)
        clock.advance(by: .seconds(30))
        #expect(limiter.decide("too_large") == .write(suppressed: 0), "nothing was held back of this kind")
        #expect(limiter.decide("signature") == .write(suppressed: 1))
    }

    @Test func theBudgetRefusesWhatDoesNotFitAndTakesBackWhatIsReleased() {
        let budget = UnverifiedBodyBudget(capacity: 100)
        #expect(budget.reserve(60))
        #expect(!budget.reserve(41))
        #expect(budget.reserve(40))
        #expect(!budget.reserve(1))
        budget.release(60)
        #expect(budget.inUse == 40)
        #expect(budget.reserve(60))
        #expect(!budget.reserve(-1))
    }

    @Test func theDefaultConnectionCapLeavesRoomForTheDatabaseAndSlackCalls() {
        #expect(IngressLimits.defaultMaxConnections(openFileLimit: 128) == 48)
        #expect(IngressLimits.defaultMaxConnections(openFileLimit: 1024) == 720)
        #expect(IngressLimits.defaultMaxConnections(openFileLimit: 1_048_576) == 4096)
        #expect(IngressLimits.defaultMaxConnections(openFileLimit: 20) == 8)
        #expect(IngressLimits.defaultMaxConnections(openFileLimit: 1024) > 64, "make bench opens 64 connections")
    }
}
