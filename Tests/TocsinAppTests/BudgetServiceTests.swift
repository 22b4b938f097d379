import Foundation
import Logging
import Testing
@testable import TocsinApp
import TocsinCore
import TocsinStore
import TocsinTestSupport

/// The error-budget checks beside the reminders, on a manual clock: the live lines, the budget policy told
/// once per threshold and window (a rolling window re-arming after it recovers), and the weekly digest,
/// none repeated by another pass or by a restarted process.
@Suite struct BudgetServiceTests {
    let clock = ManualClock()

    /// A day's budget at 99 %: 14.4 minutes; the policy speaks at 50 and 100 %. The digest is due on
    /// Fridays at 08:00, the manual clock's first moment.
    var configuration: TocsinConfiguration {
        var configuration = Example.configuration
        configuration.slos = [ServiceLevelObjective(
            name: "checkout-daily", service: "checkout", timeWindow: .rolling(seconds: 86_400, text: "1d"), target: 0.99, budgetConsumed: [50, 100]
        )]
        configuration.digest = DigestSettings(channel: "sre-review", weekday: 6, minuteOfDay: 8 * 60)
        return configuration
    }

    func service(_ store: AppDatabase) -> BudgetService {
        BudgetService(configuration: configuration, store: store, delivery: DeliveryWakeUp(), now: clock.now, logger: Logger(label: "test"))
    }

    /// The posts of `template` queued for incidents 1…`through`, with where they go.
    func posts(_ store: AppDatabase, _ template: MessageTemplate, through last: Int = 2) async throws -> [ChannelTarget] {
        var targets: [ChannelTarget] = []
        for number in 1...last {
            targets += try await store.outboxEntries(incident: number).compactMap { entry in
                guard case .post(let post) = entry.effect, post.template == template else { return nil }
                return post.target
            }
        }
        return targets
    }

    /// Ends incident `number`'s impact now.
    func endImpact(_ store: AppDatabase, _ number: Int) async throws {
        let planner = IncidentPlanner(configuration: configuration), now = clock.date
        _ = try await store.updateIncident(number: number, at: now) { planner.changeImpact(.end(nil), of: $0, timeline: [], by: "U1", now: now) }
    }

    @Test func thePolicyIsToldOncePerWindowAndReArmsAfterTheBudgetRecovers() async throws {
        try await withDeclaredIncident(severity: "SEV1", clock: clock) { store, _ in
            clock.advance(by: .seconds(600))
            try await endImpact(store, 1)
            await service(store).check()
            await service(store).check()
            #expect(try await posts(store, .budgetPolicy, through: 1) == [.named("payments")], "10 of 14.4 minutes: past 50 %, told once")
            #expect(try await posts(store, .budgetBurn, through: 1) == [.incidentChannel, .thread("exec-incidents")])
            let told = IncidentPlanner.toldBurnThresholds(slo: "checkout-daily", timeline: try await store.timeline(incident: 1))
            #expect(told == [10, 25, 50])

            // A day later the window has moved past it; a new incident burns as much again: told again.
            clock.advance(by: .seconds(86_400))
            await service(store).check()
            #expect(try await posts(store, .budgetPolicy, through: 1).count == 1)
            let planner = IncidentPlanner(configuration: configuration), now = clock.date
            _ = try await store.declareIncident(requestID: nil) { number in
                planner.declare(IncidentDeclaration(severity: "SEV2", service: "checkout", title: "Again"), number: number, userID: "U1", now: now)
            }
            clock.advance(by: .seconds(600))
            try await endImpact(store, 2)
            await service(store).check()
            await service(store).check()
            #expect(try await posts(store, .budgetPolicy) == [.named("payments"), .named("payments")])
        }
    }

    @Test func spendingTheWholeBudgetTellsTheExecutivesOnceForTheHighestThreshold() async throws {
        try await withDeclaredIncident(severity: "SEV2", clock: clock) { store, _ in
            clock.advance(by: .seconds(1200))
            try await endImpact(store, 1)
            let watcher = service(store)
            await watcher.check()
            await watcher.check()
            #expect(try await posts(store, .budgetPolicy, through: 1) == [.named("payments"), .named("exec-incidents")], "50 % is not told apart")
            guard case .post(let post)? = try await store.outboxEntries(incident: 1).last(where: { $0.effect.isPolicy })?.effect,
                  case .budgetPolicy(let news) = post.content else {
                Issue.record("no policy notice")
                return
            }
            #expect(news.threshold == 100)
            #expect(news.incidents == ["#1 Card payments failing (20.0 min)"])
        }
    }

    @Test func theDigestIsPostedOnceAtItsTime() async throws {
        try await withDeclaredIncident(clock: clock) { store, _ in
            clock.advance(by: .seconds(60))
            await service(store).check()
            await service(store).check()
            let digests = try await posts(store, .budgetDigest, through: 1)
            #expect(digests == [.named("sre-review")])
        }
    }

    @Test func withoutSLOsNothingIsRead() async throws {
        try await withDeclaredIncident(clock: clock) { store, _ in
            let idle = BudgetService(configuration: Example.configuration, store: store, delivery: DeliveryWakeUp(), now: clock.now, logger: Logger(label: "test"))
            clock.advance(by: .seconds(86_400))
            await idle.check()
            let entries = try await store.outboxEntries(incident: 1)
            #expect(entries.allSatisfy { !$0.effect.isPolicy })
        }
    }
}

extension Effect {
    fileprivate var isPolicy: Bool {
        if case .post(let post) = self, post.template == .budgetPolicy { return true }
        return false
    }
}
