import Foundation
import Logging
import PostgresNIO
import Testing
import TocsinApp
import TocsinCore
import TocsinStorePostgres

/// What only a database shared by several processes must show: two store instances (as two replicas have)
/// on one schema keep numbers, claims, leases and migrations right between them.
@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipReason))
struct ReplicaStoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let planner = IncidentPlanner(configuration: TocsinConfiguration(
        slack: SlackSettings(),
        severities: [SeverityLevel(name: "SEV1", summary: "Major", updateEvery: .init(seconds: 1800), checkInWithin: .init(seconds: 1800))],
        services: [ServiceEntry(name: "checkout", tier: 1, responders: [.user("U1")], stakeholdersChannel: "payments")],
        rings: RingPolicy(stakeholders: ["SEV1": [1]], company: ["SEV1": [1]], executives: ["SEV1": [1]])
    ))

    func deciding(_ title: String) -> @Sendable (Int) -> Declaration {
        let planner = self.planner, now = self.now
        return { number in planner.declare(IncidentDeclaration(severity: "SEV1", service: "checkout", title: title), number: number, userID: "U9", now: now) }
    }

    /// Runs `body` with two stores (two pools) on one fresh schema, as two replicas would have.
    func withTwoReplicas(_ body: @Sendable (PostgresStore, PostgresStore) async throws -> Void) async throws {
        try await TestDatabase.withFreshSchema { location in
            try await PostgresStore.withRunning(location) { first in
                try await PostgresStore.withRunning(location) { second in
                    try await body(first, second)
                }
            }
        }
    }

    @Test func concurrentDeclaresFromTwoStoresGetDistinctConsecutiveNumbers() async throws {
        let deciding = self.deciding
        try await withTwoReplicas { first, second in
            let numbers = try await withThrowingTaskGroup(of: Int.self, returning: [Int].self) { group in
                for index in 0..<40 {
                    let store = index.isMultiple(of: 2) ? first : second
                    let decide = deciding("Burst \(index)")
                    group.addTask { try await store.declareIncident(requestID: nil, decide).incident.number }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(numbers.sorted() == Array(1...40))
            #expect(try await second.incidentNumbers() == Array(1...40))
        }
    }

    @Test func theSameRequestOnTwoReplicasDeclaresOnce() async throws {
        let deciding = self.deciding
        try await withTwoReplicas { first, second in
            let declarations = try await withThrowingTaskGroup(of: Declaration.self, returning: [Declaration].self) { group in
                for index in 0..<10 {
                    let store = index.isMultiple(of: 2) ? first : second
                    group.addTask { try await store.declareIncident(requestID: "command:retried", deciding("Once")) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(declarations.count { !$0.isRepeat } == 1)
            #expect(Set(declarations.map(\.incident.number)) == [1])
            #expect(try await first.incidentNumbers() == [1])
            let next = try await second.declareIncident(requestID: nil, deciding("Next"))
            #expect(next.incident.number == 2, "the repeats used no number")
        }
    }

    @Test func aBurstOnTwoReplicasWithRefusedAndRepeatedDeclarationsLeavesNoGap() async throws {
        let deciding = self.deciding
        let unstorable = Date(timeIntervalSince1970: 1e300)
        let planner = self.planner
        try await withTwoReplicas { first, second in
            // 60 declarations at once: every tenth has a date neither store can keep, every seventh repeats one
            // request (sent to both replicas), the rest are plain; the replicas write them in batches.
            let outcomes = try await withThrowingTaskGroup(of: (Int, Declaration?).self, returning: [(Int, Declaration?)].self) { group in
                for index in 0..<60 {
                    let store = index.isMultiple(of: 2) ? first : second
                    let requestID = index.isMultiple(of: 7) ? "command:retried" : "command:\(index)"
                    let refused = index.isMultiple(of: 10) && !index.isMultiple(of: 7)
                    let decide = refused ? Self.refusedDeclaration(planner, at: unstorable) : deciding("Burst \(index)")
                    group.addTask {
                        do {
                            return (index, try await store.declareIncident(requestID: requestID, decide))
                        } catch {
                            return (index, nil)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let refused = outcomes.filter { $0.1 == nil }.map(\.0).sorted()
            #expect(refused == [10, 20, 30, 40, 50], "only the unstorable declarations are refused")
            let repeated = outcomes.filter { $0.0.isMultiple(of: 7) }.compactMap(\.1)
            #expect(Set(repeated.map(\.incident.number)).count == 1, "the repeated request declared one incident")
            #expect(repeated.count { !$0.isRepeat } == 1)
            // 60 − 5 refused − 8 repeats of the one request: 47 incidents, numbered 1…47.
            #expect(try await first.incidentNumbers() == Array(1...47))
            let stored = outcomes.compactMap(\.1).filter { !$0.isRepeat }
            for declaration in stored {
                let read = try await second.incident(number: declaration.incident.number)
                #expect(read?.title == declaration.incident.title, "incident #\(declaration.incident.number) is the one its caller was told of")
                #expect(try await second.outboxEntries(incident: declaration.incident.number).map(\.effect) == declaration.effects)
            }
        }
    }

    /// A declaration dated where no store can keep it.
    static func refusedDeclaration(_ planner: IncidentPlanner, at date: Date) -> @Sendable (Int) -> Declaration {
        { number in planner.declare(IncidentDeclaration(severity: "SEV1", service: "checkout", title: "Refused"), number: number, userID: "U9", now: date) }
    }

    @Test func aNewLeaderReadsTheCallHistoryTheLastLeaderKept() async throws {
        try await TestDatabase.withFreshSchema { location in
            try await PostgresStore.withRunning(location) { _ in
                let timing = PostgresDeliveryLeadership.Timing(retry: .milliseconds(50))
                let old = try PostgresDeliveryLeadership(location: location, timing: timing, logger: Logger(label: "tocsin.test"))
                let next = try PostgresDeliveryLeadership(location: location, timing: timing, logger: Logger(label: "tocsin.test"))
                #expect(await next.keptCallHistory().isEmpty, "no leader has kept anything yet")
                _ = try await old.lead()
                let made = Date(timeIntervalSince1970: 1_800_000_000)
                let history = CallHistory(calls: ["conversations.create": [made, made.addingTimeInterval(1.5)], "chat.postMessage:C1": [made]])
                await old.keepCallHistory(history)
                await old.close()
                _ = try await next.lead()
                #expect(await next.keptCallHistory() == history)
                await next.close()
            }
        }
    }

    @Test func twoOwnersClaimingConcurrentlyNeverGetTheSameEntry() async throws {
        let deciding = self.deciding, now = self.now
        try await withTwoReplicas { first, second in
            for index in 1...6 {
                _ = try await first.declareIncident(requestID: nil, deciding("Incident \(index)"))
                try await first.setChannel(ChannelInfo(id: "C\(index)", name: "inc-\(index)"), forIncident: index)
            }
            let owners = [OutboxOwner("replica-a"), OutboxOwner("replica-b")]
            let claims = try await withThrowingTaskGroup(of: (OutboxOwner, [Int64]).self, returning: [(OutboxOwner, [Int64])].self) { group in
                for round in 0..<8 {
                    let owner = owners[round % 2]
                    let store = round.isMultiple(of: 2) ? first : second
                    group.addTask {
                        (owner, try await store.claim(owner: owner, until: now.addingTimeInterval(60), limit: 3, now: now).map(\.id))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let byA = Set(claims.filter { $0.0 == owners[0] }.flatMap(\.1))
            let byB = Set(claims.filter { $0.0 == owners[1] }.flatMap(\.1))
            #expect(byA.count >= 3 && byB.count >= 3, "each owner got entries of its own")
            #expect(byA.isDisjoint(with: byB), "no entry is leased to both owners")
            for id in byA {
                await #expect(throws: StoreError.self) { try await second.markOutboxAttempt(id: id, owner: owners[1], at: now) }
                try await second.markOutboxAttempt(id: id, owner: owners[0], at: now)
            }
        }
    }

    @Test func aLeaseThatEndedIsReclaimedByAnotherReplica() async throws {
        let deciding = self.deciding, now = self.now
        try await withTwoReplicas { first, second in
            _ = try await first.declareIncident(requestID: nil, deciding("Crashed mid-delivery"))
            let a = OutboxOwner("replica-a"), b = OutboxOwner("replica-b")
            let create = try #require(try await first.claim(owner: a, until: now.addingTimeInterval(30), limit: 10, now: now).first)
            try await first.markOutboxAttempt(id: create.id, owner: a, at: now)
            // Replica A dies here. Until its lease ends, B gets nothing; then B gets the entry, attempt counted.
            #expect(try await second.claim(owner: b, until: now.addingTimeInterval(60), limit: 10, now: now.addingTimeInterval(29)).isEmpty)
            let reclaimed = try await second.claim(owner: b, until: now.addingTimeInterval(90), limit: 10, now: now.addingTimeInterval(30))
            #expect(reclaimed.map(\.id) == [create.id])
            #expect(reclaimed.first?.mayHaveTakenEffect == true, "B knows A's attempt may have happened")
            await #expect(throws: StoreError.self) { try await first.completeOutboxEntry(id: create.id, owner: a, result: "C-late", at: now) }
            try await second.completeOutboxEntry(id: create.id, owner: b, result: "C1", at: now)
            #expect(try await first.outboxEntries(incident: 1).first?.result == "C1")
        }
    }

    @Test func twoStoresMigratingAnEmptyDatabaseAtOnceMigrateItOnce() async throws {
        try await TestDatabase.withFreshSchema { location in
            let first = PostgresStore(location: location), second = PostgresStore(location: location)
            async let one = first.migrate()
            async let two = second.migrate()
            let applied = try await [one, two]
            #expect(applied.filter { !$0.isEmpty } == [[1, 2, 3, 4, 5, 6, 7]], "exactly one of them applied the migrations: \(applied)")
            let recorded = try await PostgresStore.withConnection(location, logger: Logger(label: "tocsin.test")) { connection in
                var versions: [Int] = []
                for try await version in try await connection.query("SELECT version FROM schema_migrations", logger: Logger(label: "tocsin.test")).decode(Int.self) {
                    versions.append(version)
                }
                return versions
            }
            #expect(recorded.sorted() == [1, 2, 3, 4, 5, 6, 7])
            #expect(try await first.migrate().isEmpty, "a later start finds nothing to do")
        }
    }
}
