import Foundation
import Testing
import TocsinApp
import TocsinCore

/// The contract's checks on the outbox: what a claim hands out, leases, and recording outcomes.
extension ContractChecks {
    static let ownerA = OutboxOwner("worker-a")
    static let ownerB = OutboxOwner("worker-b")

    func claim(_ owner: OutboxOwner = ownerA, at seconds: Double = 0, leaseFor lease: Double = 60, limit: Int = 10) async throws -> [OutboxEntry] {
        let at = now.addingTimeInterval(seconds)
        return try await store.claim(owner: owner, until: at.addingTimeInterval(lease), limit: limit, now: at)
    }

    /// Delivers incident 1's channel creation, so its other entries become runnable.
    func deliverChannelCreation() async throws {
        let create = try #require(try await claim().first)
        try await store.markOutboxAttempt(id: create.id, owner: Self.ownerA, at: now)
        try await store.setChannel(ChannelInfo(id: "C1", name: "inc-1-checkout-card-payments-failing", creator: "UBOT"), forIncident: 1)
        try await store.completeOutboxEntry(id: create.id, owner: Self.ownerA, result: "C1", at: now)
    }

    func claimsHandOutLaneHeadsInOrder() async throws {
        let declaration = try await declare()
        let entries = try await store.outboxEntries(incident: 1)
        #expect(entries.map(\.effect) == declaration.effects)
        #expect(entries.map(\.lane) == Self.declarationLanes(1))
        #expect(entries.allSatisfy { $0.status == .pending && $0.attempts == 0 })
        // Until the channel exists, only its creation is runnable.
        #expect(try await claim().map(\.effect) == [.createIncidentChannel(name: "inc-1-checkout-card-payments-failing")])

        try await deliverChannelCreation()
        let next = try await claim()
        #expect(next.map(\.lane) == [.incident(1), .topic(1), .channel("payments"), .channel("incidents"), .channel("exec-incidents"), .channel("@U9")])
        #expect(next.first?.effect == .inviteResponders(userIDs: ["U9", "U1"], groupHandles: []))
        #expect(next.map(\.id) == next.map(\.id).sorted())
        #expect(try await claim(limit: 2).map(\.lane) == [.incident(1), .topic(1)], "the oldest lane heads first")
        #expect(try await store.incident(channelID: "C1")?.number == 1)
        let created = try #require(try await store.outboxEntries(incident: 1).first)
        #expect(created.status == .done)
        #expect(created.attempts == 1)
        #expect(created.result == "C1")
    }

    func aLeaseKeepsOtherOwnersOutUntilItEnds() async throws {
        try await declare()
        let create = try #require(try await claim(Self.ownerA, at: 0, leaseFor: 60).first)
        #expect(try await claim(Self.ownerB, at: 30).isEmpty, "owner B gets nothing while A's lease runs")
        #expect(try await claim(Self.ownerA, at: 30, leaseFor: 30).map(\.id) == [create.id], "A claiming again keeps its entry")
        #expect(try await claim(Self.ownerB, at: 59).isEmpty, "B still gets nothing just before the lease ends")
        #expect(try await claim(Self.ownerB, at: 60).map(\.id) == [create.id], "once the lease ends, B may claim the entry")
        #expect(try await claim(Self.ownerA, at: 61).isEmpty, "and then A may not")

        // A's late outcome is refused; B's is recorded.
        let late = await refusal { () async throws(StoreError) in
            try await store.completeOutboxEntry(id: create.id, owner: Self.ownerA, result: "C-late", at: now)
        }
        #expect(late.isNotLeaseHolder, "A no longer holds the lease: \(String(describing: late))")
        try await store.completeOutboxEntry(id: create.id, owner: Self.ownerB, result: "C1", at: now)
        let stored = try #require(try await store.outboxEntries(incident: 1).first)
        #expect(stored.status == .done)
        #expect(stored.result == "C1")
    }

    func onlyTheLeaseHolderRecordsAnOutcome() async throws {
        try await declare()
        let create = try #require(try await claim(Self.ownerA).first)
        let b = Self.ownerB
        let attempts: [(String, () async throws(StoreError) -> Void)] = [
            ("mark an attempt", { () async throws(StoreError) in try await store.markOutboxAttempt(id: create.id, owner: b, at: now) }),
            ("complete", { () async throws(StoreError) in try await store.completeOutboxEntry(id: create.id, owner: b, result: "C9", at: now, followUps: [.addReaction(ts: "1.2", name: "x")]) }),
            ("retry", { () async throws(StoreError) in try await store.retryOutboxEntry(id: create.id, owner: b, notBefore: now.addingTimeInterval(5), reason: "b", settled: true) }),
            ("fail", { () async throws(StoreError) in try await store.failOutboxEntry(id: create.id, owner: b, reason: "b", at: now, followUps: []) }),
        ]
        for (what, attempt) in attempts {
            let refused = await refusal(attempt)
            #expect(refused.isNotLeaseHolder, "B may not \(what): \(String(describing: refused))")
        }
        let entries = try await store.outboxEntries(incident: 1)
        #expect(entries.count == 9, "no follow-up was queued")
        let untouched = try #require(entries.first)
        #expect(untouched.status == .pending && untouched.attempts == 0 && untouched.settledAttempts == 0 && untouched.lastError == nil && untouched.result == nil)

        // An entry nobody claimed takes no outcome either.
        let topic = try #require(entries.first { $0.lane == .topic(1) })
        let unclaimed = await refusal { () async throws(StoreError) in
            try await store.completeOutboxEntry(id: topic.id, owner: Self.ownerA, result: nil, at: now)
        }
        #expect(unclaimed.isNotLeaseHolder)
        // A retry ends the lease: once due, anyone may claim the entry.
        try await store.retryOutboxEntry(id: create.id, owner: Self.ownerA, notBefore: now.addingTimeInterval(5), reason: "ratelimited", settled: true)
        #expect(try await claim(Self.ownerB, at: 5).map(\.id) == [create.id])
    }

    func aRetriedEntryWaitsAndHoldsItsLane() async throws {
        try await declare()
        let create = try #require(try await claim().first)
        try await store.markOutboxAttempt(id: create.id, owner: Self.ownerA, at: now)
        try await store.retryOutboxEntry(id: create.id, owner: Self.ownerA, notBefore: now.addingTimeInterval(30), reason: "ratelimited", settled: true)
        #expect(try await claim().isEmpty, "the lane waits for its head")
        #expect(try await store.nextOutboxDueDate(after: now) == now.addingTimeInterval(30))
        #expect(try await claim(at: 30).map(\.id) == [create.id])
        var stored = try #require(try await store.outboxEntries(incident: 1).first)
        #expect(stored.lastError == "ratelimited")
        #expect(!stored.mayHaveTakenEffect, "a refused attempt is settled")
        try await store.markOutboxAttempt(id: create.id, owner: Self.ownerA, at: now)
        stored = try #require(try await store.outboxEntries(incident: 1).first)
        #expect(stored.mayHaveTakenEffect, "an attempt under way may have taken effect")
        try await store.retryOutboxEntry(id: create.id, owner: Self.ownerA, notBefore: now, reason: "timeout", settled: false)
        #expect(try await claim().map(\.id) == [create.id])
        try await store.markOutboxAttempt(id: create.id, owner: Self.ownerA, at: now)
        try await store.retryOutboxEntry(id: create.id, owner: Self.ownerA, notBefore: now, reason: "ratelimited", settled: true)
        stored = try #require(try await store.outboxEntries(incident: 1).first)
        #expect(stored.mayHaveTakenEffect, "the timed-out attempt stays in doubt after a later one was refused")
        #expect(stored.attempts == 3)
        #expect(stored.settledAttempts == 2)
    }

    func completionAndFailureQueueFollowUps() async throws {
        try await declare()
        try await deliverChannelCreation()
        let heads = try await claim()
        let invite = try #require(heads.first { $0.lane == .incident(1) })
        let payments = try #require(heads.first { $0.lane == .channel("payments") })
        try await store.completeOutboxEntry(id: invite.id, owner: Self.ownerA, result: nil, at: now, followUps: [.addReaction(ts: "1.2", name: "eyes")])
        try await store.failOutboxEntry(id: payments.id, owner: Self.ownerA, reason: "is_archived", at: now, followUps: [.addReaction(ts: "1.3", name: "warning")])

        let entries = try await store.outboxEntries(incident: 1)
        #expect(entries.count == 11)
        #expect(entries.suffix(2).map(\.effect) == [.addReaction(ts: "1.2", name: "eyes"), .addReaction(ts: "1.3", name: "warning")])
        #expect(entries.suffix(2).allSatisfy { $0.status == .pending && $0.lane == .incident(1) })
        let failed = try #require(entries.first { $0.id == payments.id })
        #expect(failed.status == .failed)
        #expect(failed.lastError == "is_archived")
        #expect(entries.first { $0.id == invite.id }?.status == .done)
        #expect(try await claim().map(\.lane) == [.topic(1), .incident(1), .channel("incidents"), .channel("exec-incidents"), .channel("@U9")], "each lane moves on")
    }

    /// Pages (issue #14) are stored in a lane of their own per incident (`Lane.paging`): runnable before the incident
    /// channel exists, a trigger ahead of its resolve, effects read back as written.
    func pagesHaveTheirOwnLanePerIncident() async throws {
        try await declare()
        let pages: [Effect] = [.page(PageRequest(action: .trigger, service: "checkout")), .page(PageRequest(action: .resolve, service: nil))]
        let updated = try await store.updateIncident(number: 1, at: now) { incident -> Result<Decision, Never> in
            .success(Decision(incident: incident, effects: pages))
        }
        #expect(updated != nil)
        let entries = try await store.outboxEntries(incident: 1)
        #expect(entries.suffix(2).map(\.effect) == pages)
        #expect(entries.suffix(2).allSatisfy { $0.lane == .paging(1) })
        let heads = try await claim()
        #expect(heads.map(\.lane) == [.incident(1), .paging(1)], "the channel's creation and the trigger; nothing waits for the channel")
        #expect(heads.last?.effect == pages[0])
    }
}

extension Optional where Wrapped == StoreError {
    /// Whether this is the outbox refusing an outcome from a worker without the lease.
    var isNotLeaseHolder: Bool {
        if case .notLeaseHolder? = self { return true }
        return false
    }
}
