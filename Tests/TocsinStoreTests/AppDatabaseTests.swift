import Foundation
import Testing
import TocsinApp
import TocsinCore
import TocsinStore
import TocsinTestSupport

@Suite struct AppDatabaseTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-store-\(UUID().uuidString).sqlite").path
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let owner = OutboxOwner("delivery-under-test")

    private func declare(_ store: AppDatabase, title: String = "Card payments failing") async throws -> Declaration {
        let planner = IncidentPlanner(configuration: Example.configuration)
        let now = self.now
        return try await store.declareIncident(requestID: nil) { number in
            planner.declare(IncidentDeclaration(severity: "SEV1", service: "checkout", title: title), number: number, userID: "U9", now: now)
        }
    }

    @Test func incidentsAreNumberedInOrderAndSurviveReopening() async throws {
        do {
            let store = try AppDatabase(path: path)
            #expect(try await declare(store).incident.number == 1)
            #expect(try await declare(store, title: "Second").incident.number == 2)
        }
        let reopened = try AppDatabase(path: path)
        let active = try await reopened.activeIncidents()
        #expect(active.map(\.number) == [1, 2])
        #expect(active.first?.title == "Card payments failing")
        #expect(active.first?.declaredAt == now)
        #expect(try await reopened.outboxEntries(incident: 1).count == 10)
        #expect(try await declare(reopened, title: "Third").incident.number == 3)
    }

    @Test func concurrentDeclarationsShareCommitsButGetTheirOwnNumbers() async throws {
        let store = try AppDatabase(path: path)
        let planner = IncidentPlanner(configuration: Example.configuration)
        let now = self.now
        let numbers = try await withThrowingTaskGroup(of: Int.self, returning: [Int].self) { group in
            for index in 0..<200 {
                group.addTask {
                    try await store.declareIncident(requestID: nil) { number in
                        planner.declare(IncidentDeclaration(severity: "SEV2", service: nil, title: "Burst \(index)"), number: number, userID: "U1", now: now)
                    }.incident.number
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(numbers.sorted() == Array(1...200))
        let reopened = try AppDatabase(path: path)
        #expect(try await reopened.activeIncidents().count == 200)
        #expect(try await reopened.outboxEntries(incident: 200).count == 6)
    }

    @Test func aFailingWriteInASharedCommitLosesNothingElse() async throws {
        let store = try AppDatabase(path: path)
        _ = try await declare(store)
        let planner = IncidentPlanner(configuration: Example.configuration)
        let now = self.now
        let outcomes = await withTaskGroup(of: Bool.self, returning: [Bool].self) { group in
            for index in 0..<100 {
                group.addTask {
                    (try? await store.declareIncident(requestID: nil) { number in
                        planner.declare(IncidentDeclaration(severity: "SEV2", service: nil, title: "Alongside \(index)"), number: number, userID: "U1", now: now)
                    }) != nil
                }
            }
            group.addTask {
                // An empty title breaks the table's CHECK: this write alone must fail.
                let update = try? await store.updateIncident(number: 1, at: now) { (incident: Incident) -> Result<Decision, StoreError> in
                    var renamed = incident
                    renamed.title = ""
                    return .success(Decision(incident: renamed, effects: [.addReaction(ts: "1.2", name: "eyes")]))
                }
                return update == nil
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.allSatisfy { $0 })
        let reopened = try AppDatabase(path: path)
        #expect(try await reopened.activeIncidents().count == 101)
        #expect(try await reopened.incident(number: 1)?.title == "Card payments failing")
        #expect(try await reopened.outboxEntries(incident: 1).count == 10)
    }

    @Test func aRepeatedRequestDeclaresNothingNew() async throws {
        let store = try AppDatabase(path: path)
        let planner = IncidentPlanner(configuration: Example.configuration)
        let now = self.now
        let decide: @Sendable (Int) -> Declaration = { number in
            planner.declare(IncidentDeclaration(severity: "SEV1", service: "checkout", title: "Once"), number: number, userID: "U1", now: now)
        }
        let first = try await store.declareIncident(requestID: "command:123.456.abc", decide)
        let again = try await store.declareIncident(requestID: "command:123.456.abc", decide)
        #expect(!first.isRepeat)
        #expect(again.isRepeat)
        #expect(again.incident.number == first.incident.number)
        #expect(again.effects.isEmpty)
        #expect(try await store.activeIncidents().count == 1)
        #expect(try await store.declareIncident(requestID: "command:other", decide).incident.number == 2)
    }

    @Test func theOutboxHoldsTheEffectsInOrderByLane() async throws {
        let store = try AppDatabase(path: path)
        let declaration = try await declare(store)
        let entries = try await store.outboxEntries(incident: 1)
        #expect(entries.map(\.effect) == declaration.effects)
        #expect(entries.map(\.lane) == [.incident(1), .incident(1), .topic(1), .incident(1), .channel("payments"), .channel("web"), .channel("incidents"), .channel("exec-incidents"),
                                    .channel("@U9"), .alarm(1, due: Int(now.timeIntervalSince1970) + 1800)])
        #expect(entries.allSatisfy { $0.status == .pending && $0.attempts == 0 })
    }

    @Test func onlyTheChannelCreationIsRunnableUntilTheChannelExists() async throws {
        let store = try AppDatabase(path: path)
        _ = try await declare(store)
        let first = try await store.claim(owner: owner, until: now.addingTimeInterval(60), limit: 10, now: now)
        #expect(first.map(\.effect) == [.createIncidentChannel(name: "inc-1-checkout-card-payments-failing")])

        try await store.markOutboxAttempt(id: first[0].id, owner: owner, at: now)
        try await store.setChannel(ChannelInfo(id: "C1", name: "inc-1-checkout-card-payments-failing", creator: "UBOT"), forIncident: 1)
        try await store.completeOutboxEntry(id: first[0].id, owner: owner, result: "C1", at: now)

        let next = try await store.claim(owner: owner, until: now.addingTimeInterval(60), limit: 10, now: now)
        #expect(next.map(\.lane) == [.incident(1), .topic(1), .channel("payments"), .channel("web"), .channel("incidents"), .channel("exec-incidents"), .channel("@U9")])
        #expect(next.first?.effect == .inviteResponders(userIDs: ["U9", "U01PAYLEAD"], groupHandles: ["payments-oncall"]))
        #expect(try await store.incident(channelID: "C1")?.number == 1)
        #expect(try await store.outboxEntries(incident: 1).first?.attempts == 1)
        #expect(try await store.outboxEntries(incident: 1).first?.result == "C1")
    }

    @Test func withABacklogTheRunnableEntriesAreTheOldestLaneHeads() async throws {
        let store = try AppDatabase(path: path)
        for index in 1...300 { _ = try await declare(store, title: "Backlog \(index)") }
        let first = try await store.claim(owner: owner, until: now.addingTimeInterval(60), limit: 3, now: now)
        #expect(first.map(\.lane) == [.incident(1), .incident(2), .incident(3)])
        #expect(first.allSatisfy { if case .createIncidentChannel = $0.effect { true } else { false } })

        try await store.markOutboxAttempt(id: first[0].id, owner: owner, at: now)
        try await store.setChannel(ChannelInfo(id: "C1", name: "inc-1", creator: "UBOT"), forIncident: 1)
        try await store.completeOutboxEntry(id: first[0].id, owner: owner, result: "C1", at: now)
        let later = now.addingTimeInterval(60)
        try await store.retryOutboxEntry(id: first[1].id, owner: owner, notBefore: later, reason: "ratelimited", settled: true)

        let next = try await store.claim(owner: owner, until: now.addingTimeInterval(60), limit: 8, now: now)
        #expect(next.map(\.lane) == [.incident(1), .topic(1), .channel("payments"), .channel("web"), .channel("incidents"), .channel("exec-incidents"), .channel("@U9"), .incident(3)])
        #expect(try await store.nextOutboxDueDate(after: now) == later)
    }

    @Test func aRetriedEntryWaitsAndHoldsItsLane() async throws {
        let store = try AppDatabase(path: path)
        _ = try await declare(store)
        let create = try #require(try await store.claim(owner: owner, until: now.addingTimeInterval(60), limit: 10, now: now).first)
        try await store.markOutboxAttempt(id: create.id, owner: owner, at: now)
        try await store.retryOutboxEntry(id: create.id, owner: owner, notBefore: now.addingTimeInterval(30), reason: "ratelimited", settled: true)
        #expect(try await store.claim(owner: owner, until: now.addingTimeInterval(60), limit: 10, now: now).isEmpty)
        #expect(try await store.nextOutboxDueDate(after: now) == now.addingTimeInterval(30))
        #expect(try await store.claim(owner: owner, until: now.addingTimeInterval(30).addingTimeInterval(60), limit: 10, now: now.addingTimeInterval(30)).map(\.id) == [create.id])
        #expect(try await store.outboxEntries(incident: 1).first?.lastError == "ratelimited")
        #expect(try await store.outboxEntries(incident: 1).first?.mayHaveTakenEffect == false)
        try await store.markOutboxAttempt(id: create.id, owner: owner, at: now)
        #expect(try await store.outboxEntries(incident: 1).first?.mayHaveTakenEffect == true)
        try await store.retryOutboxEntry(id: create.id, owner: owner, notBefore: now, reason: "timeout", settled: false)
        #expect(try await store.claim(owner: owner, until: now.addingTimeInterval(60), limit: 10, now: now).map(\.id) == [create.id])
        try await store.markOutboxAttempt(id: create.id, owner: owner, at: now)
        try await store.retryOutboxEntry(id: create.id, owner: owner, notBefore: now, reason: "ratelimited", settled: true)
        // The timed-out attempt stays in doubt even after a later attempt was certainly refused.
        #expect(try await store.outboxEntries(incident: 1).first?.mayHaveTakenEffect == true)
    }

    @Test func aFailedEntryIsRecordedWithItsReason() async throws {
        let store = try AppDatabase(path: path)
        _ = try await declare(store)
        let create = try #require(try await store.claim(owner: owner, until: now.addingTimeInterval(60), limit: 10, now: now).first)
        try await store.failOutboxEntry(id: create.id, owner: owner, reason: "restricted_action", at: now)
        let stored = try #require(try await store.outboxEntries(incident: 1).first)
        #expect(stored.status == .failed)
        #expect(stored.lastError == "restricted_action")
    }

    @Test func ringChannelsAreRemembered() async throws {
        let store = try AppDatabase(path: path)
        #expect(try await store.knownChannel(named: "payments") == nil)
        try await store.rememberChannel(ChannelInfo(id: "C7", name: "payments", creator: nil))
        #expect(try await store.knownChannel(named: "payments") == ChannelInfo(id: "C7", name: "payments"))
    }

    @Test func anUnopenableFileIsATypedError() {
        #expect(throws: StoreError.self) { try AppDatabase(path: "/nonexistent-dir/x/tocsin.sqlite") }
    }
}

@Suite struct CheckInStoreTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-store-\(UUID().uuidString).sqlite").path
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aCheckInIsRecordedOnceWithItsEffects() async throws {
        let store = try AppDatabase(path: path)
        let planner = IncidentPlanner(configuration: Example.configuration)
        let now = self.now
        _ = try await store.declareIncident(requestID: nil) { number in
            planner.declare(IncidentDeclaration(severity: "SEV1", service: nil, title: "x"), number: number, userID: "U9", now: now)
        }
        let before = try await store.outboxEntries(incident: 1).count
        let first = try await store.recordCheckIn(incident: 1, userID: "U7", at: now.addingTimeInterval(60)) { incident, isFirst in
            planner.checkIn(incident, userID: "U7", isFirst: isFirst, now: now.addingTimeInterval(60))
        }
        #expect(first == .recorded(isFirst: true))
        let second = try await store.recordCheckIn(incident: 1, userID: "U8", at: now.addingTimeInterval(90)) { incident, isFirst in
            planner.checkIn(incident, userID: "U8", isFirst: isFirst, now: now.addingTimeInterval(90))
        }
        #expect(second == .recorded(isFirst: false))
        let again = try await store.recordCheckIn(incident: 1, userID: "U7", at: now.addingTimeInterval(120)) { incident, _ in
            Issue.record("a repeated check-in must not decide anything")
            return Decision(incident: incident, effects: [])
        }
        #expect(again == .alreadyCheckedIn(at: now.addingTimeInterval(60)))
        #expect(try await store.checkIns(incident: 1) == [CheckIn(userID: "U7", at: now.addingTimeInterval(60)), CheckIn(userID: "U8", at: now.addingTimeInterval(90))])
        #expect(try await store.outboxEntries(incident: 1).count == before + 2)
        let missing = try await store.recordCheckIn(incident: 99, userID: "U7", at: now) { incident, _ in Decision(incident: incident, effects: []) }
        #expect(try await store.timeline(incident: 1).map(\.kind) == [.declared, .checkIn, .checkIn])
        #expect(missing == .noSuchIncident)
    }
}

@Suite struct IncidentUpdateStoreTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-store-\(UUID().uuidString).sqlite").path
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let planner = IncidentPlanner(configuration: Example.configuration)

    private func declared() async throws -> AppDatabase {
        let store = try AppDatabase(path: path)
        let planner = self.planner, now = self.now
        _ = try await store.declareIncident(requestID: nil) { number in
            planner.declare(IncidentDeclaration(severity: "SEV1", service: "checkout", title: "x"), number: number, userID: "U9", now: now)
        }
        return store
    }

    @Test func anUpdateStoresTheChangedIncidentWithItsEffectsOrNothingOnRefusal() async throws {
        let store = try await declared()
        let planner = self.planner, now = self.now
        let before = try await store.outboxEntries(incident: 1).count
        let outcome = try await store.updateIncident(number: 1, at: now) { incident in
            planner.postStatus(incident, state: .identified, text: "found it", by: "U9", now: now.addingTimeInterval(60))
        }
        let decision = try #require(try outcome?.get())
        let stored = try #require(try await store.incident(number: 1))
        #expect(stored == decision.incident)
        #expect(stored.latestStatus == "found it")
        #expect(stored.toldChannels.map(\.name) == ["payments", "web", "incidents", "exec-incidents"])
        #expect(try await store.outboxEntries(incident: 1).count == before + decision.effects.count)

        let refused = try await store.updateIncident(number: 1, at: now) { incident in
            planner.changeSeverity(incident, to: "SEV1", by: "U9", now: now)
        }
        #expect(refused == .failure(.sameSeverity("SEV1")))
        #expect(try await store.incident(number: 1) == stored)
        #expect(try await store.updateIncident(number: 42, at: now) { _ -> Result<Decision, LifecycleError> in .failure(.sameSeverity("x")) } == nil)
    }

    @Test func overdueIncidentsAreFoundUntilResolved() async throws {
        let store = try await declared()
        let planner = self.planner, now = self.now
        #expect(try await store.incidentsWithUpdateDue(at: now.addingTimeInterval(1799)).isEmpty)
        #expect(try await store.incidentsWithUpdateDue(at: now.addingTimeInterval(1800)) == [1])
        _ = try await store.updateIncident(number: 1, at: now) { planner.resolve($0, summary: nil, by: "U9", now: now) }
        #expect(try await store.incidentsWithUpdateDue(at: now.addingTimeInterval(86_400)).isEmpty)
    }

    @Test func rootMessagesAreFoundByIncidentAndByTs() async throws {
        let store = try await declared()
        try await store.recordRootMessage(incident: 1, channelName: "exec-incidents", channelID: "CEXEC", ts: "1700000000.000100")
        #expect(try await store.rootMessage(incident: 1, channelName: "exec-incidents") == RootMessage(channelID: "CEXEC", ts: "1700000000.000100"))
        #expect(try await store.incident(rootMessageTS: "1700000000.000100", channelID: "CEXEC")?.number == 1)
        #expect(try await store.incident(rootMessageTS: "1700000000.000100", channelID: "COTHER") == nil)
    }

    @Test func anInboundEventIsNewOnlyOnce() async throws {
        let store = try AppDatabase(path: path)
        #expect(try await store.recordInboundEvent(id: "Ev1", at: now))
        #expect(try await store.recordInboundEvent(id: "Ev1", at: now) == false)
        #expect(try await store.recordInboundEvent(id: "Ev2", at: now))
    }
}

@Suite struct TranscriptStoreTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-store-\(UUID().uuidString).sqlite").path

    @Test func anEditReplacesTheTextARetriedMessageDoesNot() async throws {
        let store = try AppDatabase(path: path)
        let planner = IncidentPlanner(configuration: Example.configuration)
        _ = try await store.declareIncident(requestID: nil) { number in
            planner.declare(IncidentDeclaration(severity: "SEV1", service: nil, title: "x"), number: number, userID: "U9", now: Date(timeIntervalSince1970: 1_800_000_000))
        }
        try await store.recordMessage(ChannelMessage(ts: "1800000100.000100", user: "U7", text: "p99 is up"), incident: 1)
        try await store.recordMessage(ChannelMessage(ts: "1800000100.000100", user: "U7", text: "a retry"), incident: 1)
        #expect(try await store.message(ts: "1800000100.000100", incident: 1)?.text == "p99 is up")
        try await store.recordEditedMessage(ChannelMessage(ts: "1800000100.000100", user: "U7", text: "p99 is up, see https://grafana.example.com/d/x"), incident: 1)
        #expect(try await store.transcript(incident: 1).map(\.text) == ["p99 is up, see https://grafana.example.com/d/x"])
        // An edit of a message Tocsin never saw adds it.
        try await store.recordEditedMessage(ChannelMessage(ts: "1800000200.000100", user: "U8", text: "later"), incident: 1)
        #expect(try await store.transcript(incident: 1).count == 2)
    }
}
