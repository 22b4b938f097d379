import Testing

@testable import TocsinApp

/// The delivery service's doorbell (issue #11, item 1): before, a wait cancelled by its timeout ended the
/// bell's stream for good, and the service polled the outbox every 5 ms from then on.
@Suite struct DeliveryWakeUpTests {
    /// Whether `nextRing()` returns within `limit` (false: the limit passed first).
    private func rings(_ bell: DeliveryWakeUp, within limit: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await bell.nextRing(); return true }
            group.addTask { try? await Task.sleep(for: limit); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    @Test func aRingWhileNobodyWaitsIsKeptAndRingsCollapse() async {
        let bell = DeliveryWakeUp()
        bell.wake()
        bell.wake()
        bell.wake()
        #expect(await rings(bell, within: .seconds(5)), "a ring made before the wait is not lost")
        #expect(await !rings(bell, within: .milliseconds(100)), "three rings while busy are one")
    }

    @Test func theBellStillRingsAfterAWaitWasCancelledByItsTimeout() async {
        let bell = DeliveryWakeUp()
        for _ in 0..<3 {
            #expect(await !rings(bell, within: .milliseconds(20)), "nothing rang: the timeout wins and cancels the wait")
        }
        let ringer = Task {
            try? await Task.sleep(for: .milliseconds(50))
            bell.wake()
        }
        #expect(await rings(bell, within: .seconds(5)), "after cancelled waits, a ring still wakes the next wait")
        await ringer.value
    }
}
