import Testing
import TocsinTestSupport

@testable import TocsinApp

/// The delivery service's doorbell (issue #11, item 1): before, a wait cancelled by its timeout ended the
/// bell's stream for good, and the service polled the outbox every 5 ms from then on.
@Suite(.timeLimit(.minutes(1))) struct DeliveryWakeUpTests {
    @Test func aRingWhileNobodyWaitsIsKeptAndRingsCollapse() async {
        let bell = DeliveryWakeUp()
        bell.wake()
        bell.wake()
        bell.wake()
        #expect(bell.hasPendingRing)
        await bell.nextRing()
        #expect(!bell.hasPendingRing, "three rings while busy are one, and the wait took it")
    }

    @Test func aRingWakesTheWaitThatIsWaiting() async {
        let bell = DeliveryWakeUp()
        let wait = Task { await bell.nextRing() }
        #expect(await eventually { bell.isWaiting })
        bell.wake()
        await wait.value
        #expect(!bell.isWaiting)
        #expect(!bell.hasPendingRing, "the ring went to the waiter, not to the next wait")
    }

    @Test func theBellStillRingsAfterWaitsWereCancelled() async {
        let bell = DeliveryWakeUp()
        for _ in 0..<3 {
            let wait = Task { await bell.nextRing() }
            #expect(await eventually { bell.isWaiting })
            wait.cancel()
            await wait.value
            #expect(!bell.isWaiting, "a cancelled wait leaves")
        }
        let cancelledEarly = Task { await bell.nextRing() }
        cancelledEarly.cancel()
        await cancelledEarly.value
        #expect(!bell.hasPendingRing, "cancelling is not a ring")

        let wait = Task { await bell.nextRing() }
        #expect(await eventually { bell.isWaiting })
        bell.wake()
        await wait.value
    }
}
