import Foundation
import GRDB
import Logging
import Synchronization
import Testing
import TocsinCore
import TocsinStore
import TocsinTestSupport

@testable import TocsinApp

/// Issue #11, item 1: an idle delivery service looks at the outbox once per idle timeout, not every 5 ms.
/// Before the doorbell was fixed, the first timeout ended the bell's stream and every later wait returned
/// at once. The idle timeout runs on a clock the test advances, so the count does not depend on timing.
@Suite struct DeliveryIdleTests {
    @Test func anIdleServiceScansTheOutboxOncePerIdleTimeout() async throws {
        let store = try AppDatabase(DatabaseQueue())
        let outbox = CountingOutbox(store)
        let clock = ManualSleepClock()
        let service = DeliveryService(
            store: store, outbox: outbox, configuration: Example.configuration, chat: RecordingChat(), renderer: UnexpectedRenderer(),
            tracker: nil, wakeUp: DeliveryWakeUp(), settings: .init(idlePoll: .seconds(1), minScanInterval: .zero, idleClock: clock),
            now: { Date(timeIntervalSince1970: 1_800_000_000) }, logger: Logger(label: "delivery-idle-test")
        )
        let running = Task { try await service.run() }
        let timeouts = 5
        for _ in 0..<timeouts {
            await clock.sleeperArrives()
            clock.advance(by: .seconds(1))
        }
        await clock.sleeperArrives()
        // Give a service that does not wait (as before the fix) every chance to scan again; one that waits
        // is suspended on the clock and the doorbell, and scans no more however often the test yields.
        for _ in 0..<1000 { await Task.yield() }
        #expect(outbox.scans == timeouts + 1, "one scan on starting and one per idle timeout")
        #expect(clock.cancelledSleeps == 0, "no idle wait ended early: nothing rang")
        running.cancel()
        try await running.value
    }

    /// The lease test of the issue, through the delivery service's own owner: what it claimed another owner
    /// does not get before the lease ends, and does after.
    @Test func anEntryClaimedByOneOwnerGoesToAnotherOnlyAfterTheLease() async throws {
        let store = try AppDatabase(DatabaseQueue())
        let planner = IncidentPlanner(configuration: Example.configuration)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        _ = try await store.declareIncident(requestID: nil) { number in
            planner.declare(IncidentDeclaration(severity: "SEV1", service: "checkout", title: "Leased"), number: number, userID: "U9", now: now)
        }
        let a = OutboxOwner.thisProcess, b = OutboxOwner("another-process")
        let claimed = try await store.claim(owner: a, until: now.addingTimeInterval(600), limit: 8, now: now)
        #expect(claimed.count == 1)
        #expect(try await store.claim(owner: b, until: now.addingTimeInterval(1200), limit: 8, now: now.addingTimeInterval(599)).isEmpty)
        #expect(try await store.claim(owner: b, until: now.addingTimeInterval(1200), limit: 8, now: now.addingTimeInterval(600)) == claimed)
    }
}

/// The outbox with a count of how often it is scanned (claimed from).
private final class CountingOutbox: Outbox {
    private let base: any Outbox
    private let claims = Mutex(0)

    init(_ base: any Outbox) {
        self.base = base
    }

    var scans: Int { claims.withLock { $0 } }

    func claim(owner: OutboxOwner, until: Date, limit: Int, now: Date) async throws(StoreError) -> [OutboxEntry] {
        claims.withLock { $0 += 1 }
        return try await base.claim(owner: owner, until: until, limit: limit, now: now)
    }

    func nextOutboxDueDate(after now: Date) async throws(StoreError) -> Date? {
        try await base.nextOutboxDueDate(after: now)
    }

    func markOutboxAttempt(id: Int64, owner: OutboxOwner, at: Date) async throws(StoreError) {
        try await base.markOutboxAttempt(id: id, owner: owner, at: at)
    }

    func completeOutboxEntry(id: Int64, owner: OutboxOwner, result: String?, at: Date, followUps: [Effect]) async throws(StoreError) {
        try await base.completeOutboxEntry(id: id, owner: owner, result: result, at: at, followUps: followUps)
    }

    func retryOutboxEntry(id: Int64, owner: OutboxOwner, notBefore: Date, reason: String, settled: Bool) async throws(StoreError) {
        try await base.retryOutboxEntry(id: id, owner: owner, notBefore: notBefore, reason: reason, settled: settled)
    }

    func failOutboxEntry(id: Int64, owner: OutboxOwner, reason: String, at: Date, followUps: [Effect]) async throws(StoreError) {
        try await base.failOutboxEntry(id: id, owner: owner, reason: reason, at: at, followUps: followUps)
    }

    func outboxEntries(incident number: Int) async throws(StoreError) -> [OutboxEntry] {
        try await base.outboxEntries(incident: number)
    }

    func queueAnnouncements(_ announcements: [Announcement], onceKey: String, at: Date) async throws(StoreError) -> Bool {
        try await base.queueAnnouncements(announcements, onceKey: onceKey, at: at)
    }
}
