import Foundation
import Testing
import TocsinApp
import TocsinCore

/// The contract's checks on incidents: numbering, request ids, updates, check-ins and action items.
struct ContractChecks {
    let subject: StoreUnderTest
    var store: any IncidentStore { subject.store }

    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let planner = IncidentPlanner(configuration: ContractChecks.configuration)

    /// One tier-1 service whose SEV1 incidents reach every ring: a declaration queues eight outbox entries for the
    /// chat (the last, the commander's briefing), and the alarm that looks for a check-in when the target (30 minutes) passes.
    static let configuration = TocsinConfiguration(
        slack: SlackSettings(),
        severities: [SeverityLevel(name: "SEV1", summary: "Major", updateEvery: .init(seconds: 1800), checkInWithin: .init(seconds: 1800)),
                     SeverityLevel(name: "SEV2", summary: "Partial", updateEvery: .init(seconds: 3600), checkInWithin: .init(seconds: 3600))],
        services: [ServiceEntry(name: "checkout", tier: 1, responders: [.user("U1")], stakeholdersChannel: "payments")],
        rings: RingPolicy(stakeholders: ["SEV1": [1]], company: ["SEV1": [1]], executives: ["SEV1": [1]])
    )

    /// The lanes of a declaration's nine entries, in the order they were stored (declared at ``now``).
    static func declarationLanes(_ number: Int) -> [Lane] {
        [.incident(number), .incident(number), .topic(number), .incident(number), .channel("payments"), .channel("incidents"), .channel("exec-incidents"),
         .channel("@U9"), .alarm(number, due: 1_800_000_000 + 1800)]
    }

    func deciding(_ title: String, at date: Date? = nil) -> @Sendable (Int) -> Declaration {
        let planner = self.planner, at = date ?? now
        return { number in
            planner.declare(IncidentDeclaration(severity: "SEV1", service: "checkout", title: title), number: number, userID: "U9", now: at)
        }
    }

    @discardableResult
    func declare(_ title: String = "Card payments failing", requestID: String? = nil) async throws -> Declaration {
        try await store.declareIncident(requestID: requestID, deciding(title))
    }

    /// A note taken `seconds` after ``now`` (notes at the same second by the same person are one).
    func note(_ text: String, after seconds: Double = 0) -> @Sendable (Incident) -> Result<Decision, LifecycleError> {
        let planner = self.planner, at = now.addingTimeInterval(seconds)
        return { .success(planner.note(RichText(text), by: "U1", in: $0, now: at)) }
    }

    /// The error `body` throws, nil when it throws none.
    func refusal(_ body: () async throws(StoreError) -> Void) async -> StoreError? {
        do {
            try await body()
            return nil
        } catch {
            return error
        }
    }

    func declarationsAreNumberedInOrderWithoutGaps() async throws {
        #expect(try await declare("First").incident.number == 1)
        #expect(try await declare("Second").incident.number == 2)
        // A declaration the store refuses (a date it could not read back) uses no number.
        let refused = await refusal { () async throws(StoreError) in
            _ = try await store.declareIncident(requestID: nil, deciding("Refused", at: Date(timeIntervalSince1970: 1e300)))
        }
        #expect(refused != nil, "a declaration with an unstorable date is refused")
        #expect(try await declare("Third").incident.number == 3)
        #expect(try await store.incidentNumbers() == [1, 2, 3])
        #expect(try await store.incident(number: 3)?.title == "Third")
        #expect(try await store.activeIncidents().map(\.title) == ["First", "Second", "Third"])
    }

    func concurrentDeclarationsGetDistinctNumbers() async throws {
        let store = self.store
        let numbers = try await withThrowingTaskGroup(of: Int.self, returning: [Int].self) { group in
            for index in 0..<50 {
                let decide = deciding("Burst \(index)")
                group.addTask { try await store.declareIncident(requestID: nil, decide).incident.number }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(numbers.sorted() == Array(1...50))
        #expect(try await store.activeIncidents().count == 50)
    }

    func aRepeatedRequestDeclaresNothing() async throws {
        let first = try await declare("Once", requestID: "command:1.2.abc")
        let again = try await declare("Once", requestID: "command:1.2.abc")
        #expect(!first.isRepeat)
        #expect(again.isRepeat)
        #expect(again.incident == first.incident)
        #expect(again.effects.isEmpty)
        #expect(try await store.outboxEntries(incident: 1).map(\.effect) == first.effects)
        #expect(try await declare("Other", requestID: "command:other").incident.number == 2)
    }

    func anUpdateStoresTheDecisionOrNothing() async throws {
        try await declare()
        let planner = self.planner, now = self.now
        let before = try await store.outboxEntries(incident: 1).count
        let outcome = try await store.updateIncident(number: 1, at: now) { incident in
            planner.postStatus(incident, state: .identified, text: "found it", by: "U9", now: now.addingTimeInterval(60))
        }
        let decision = try #require(try outcome?.get())
        let stored = try #require(try await store.incident(number: 1))
        #expect(stored == decision.incident)
        #expect(stored.state == .identified)
        #expect(try await store.outboxEntries(incident: 1).count == before + decision.effects.count)
        #expect(try await store.timeline(incident: 1).map(\.kind) == [.declared, .status])

        let refused = try await store.updateIncident(number: 1, at: now) { planner.changeSeverity($0, to: "SEV1", by: "U9", now: now) }
        #expect(refused == .failure(.sameSeverity("SEV1")))
        #expect(try await store.incident(number: 1) == stored)
        #expect(try await store.outboxEntries(incident: 1).count == before + decision.effects.count)
        #expect(try await store.updateIncident(number: 42, at: now, note("nowhere")) == nil)
    }

    func aRequestIDChangesAnIncidentOnce() async throws {
        try await declare()
        #expect(try await store.updateIncident(number: 1, at: now, requestID: "command:1", note("one")).value != nil)
        #expect(try await store.updateIncident(number: 1, at: now, requestID: "command:1", note("again", after: 1)) == .repeated(incident: 1))
        // A refused change records nothing, so the same request may be made again.
        let refused: @Sendable (Incident) -> Result<Decision, LifecycleError> = { _ in .failure(.sameSeverity("SEV1")) }
        #expect(try await store.updateIncident(number: 1, at: now, requestID: "command:2", refused) == .done(.failure(.sameSeverity("SEV1"))))
        #expect(try await store.updateIncident(number: 1, at: now, requestID: "command:2", note("two", after: 2)).value != nil)
        #expect(try await store.timeline(incident: 1).filter { $0.kind == .note }.map(\.text) == ["one", "two"])
    }

    func aCheckInIsRecordedOnce() async throws {
        try await declare()
        let planner = self.planner, now = self.now
        let first = now.addingTimeInterval(60), second = now.addingTimeInterval(90)
        #expect(try await store.recordCheckIn(incident: 1, userID: "U7", at: first) { planner.checkIn($0, userID: "U7", isFirst: $1, now: first) } == .recorded(isFirst: true))
        #expect(try await store.recordCheckIn(incident: 1, userID: "U8", at: second) { planner.checkIn($0, userID: "U8", isFirst: $1, now: second) } == .recorded(isFirst: false))
        let again = try await store.recordCheckIn(incident: 1, userID: "U7", at: now.addingTimeInterval(120)) { incident, _ in
            Issue.record("a repeated check-in must not decide anything")
            return Decision(incident: incident, effects: [])
        }
        #expect(again == .alreadyCheckedIn(at: first))
        #expect(try await store.checkIns(incident: 1) == [CheckIn(userID: "U7", at: first), CheckIn(userID: "U8", at: second)])
        let replayed = try await store.recordCheckIn(incident: 1, userID: "U6", at: second, requestID: "command:9") { planner.checkIn($0, userID: "U6", isFirst: $1, now: second) }
        #expect(replayed == .done(.recorded(isFirst: false)))
        #expect(try await store.recordCheckIn(incident: 1, userID: "U6", at: second, requestID: "command:9") { planner.checkIn($0, userID: "U6", isFirst: $1, now: second) } == .repeated(incident: 1))
        #expect(try await store.recordCheckIn(incident: 99, userID: "U7", at: now) { incident, _ in Decision(incident: incident, effects: []) } == .noSuchIncident)
    }

    func actionItemsGetTheirIDsFromTheStore() async throws {
        try await declare()
        let planner = self.planner, now = self.now
        let add: @Sendable (String) -> @Sendable (Incident, Int) -> (ActionItem, Decision) = { text in
            { planner.addAction(ActionRequest(owner: "U7", text: text, due: nil), id: $1, by: "U1", in: $0, now: now) }
        }
        #expect(try await store.addActionItem(incident: 1, at: now, add("Add an alert"))?.id == 1)
        #expect(try await store.addActionItem(incident: 1, at: now, requestID: "command:5", add("Fix the runbook")).value??.id == 2)
        #expect(try await store.addActionItem(incident: 1, at: now, requestID: "command:5", add("Fix the runbook")) == .repeated(incident: 1))
        #expect(try await store.addActionItem(incident: 99, at: now, add("Nowhere")) == nil)

        let done = try await store.completeActionItem(id: 1, at: now) { item, incident in Decision(incident: incident, effects: []) }
        guard case .done(let item) = done else {
            Issue.record("an open action item is marked done, not \(done)")
            return
        }
        #expect(item.state == .done)
        #expect(try await store.completeActionItem(id: 1, at: now) { _, incident in Decision(incident: incident, effects: []) } == .alreadyDone(item))
        #expect(try await store.completeActionItem(id: 2, at: now) { _, _ in nil } == .notAllowed(try #require(try await store.actionItem(id: 2))))
        #expect(try await store.completeActionItem(id: 9, at: now) { _, incident in Decision(incident: incident, effects: []) } == .noSuchItem)
        try await store.setTrackerKey("OPS-1", actionItem: 2)
        #expect(try await store.actionItem(id: 2)?.trackerKey == "OPS-1")
        #expect(try await store.actionItems(incident: 1).map(\.text) == ["Add an alert", "Fix the runbook"])
        #expect(try await store.actionItems(incident: nil).count == 2)
    }
}
