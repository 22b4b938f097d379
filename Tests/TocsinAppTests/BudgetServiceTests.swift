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

    /// The announcements queued without an incident, oldest first, as a delivery worker would take them
    /// (each completed, so the next in its channel's lane comes up).
    func announcements(_ store: AppDatabase) async throws -> [Announcement] {
        let owner = OutboxOwner("budget-test")
        var found: [Announcement] = []
        while let entry = try await store.claim(owner: owner, until: clock.date.addingTimeInterval(60), limit: 50, now: clock.date)
            .first(where: { $0.incidentNumber == nil }) {
            guard case .announce(let announcement) = entry.effect else {
                Issue.record("an entry without an incident that is no announcement: \(entry.effect)")
                return found
            }
            #expect(entry.lane == .channel("sre-review") && !entry.needsIncidentChannel)
            found.append(announcement)
            try await store.completeOutboxEntry(id: entry.id, owner: owner, result: nil, at: clock.date)
        }
        return found
    }

    /// An empty store on a temporary file, and the path it lives at (for a "restarted" process to open again).
    func withEmptyStore(_ body: (AppDatabase, String) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-digest-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        try await body(try AppDatabase(path: path), path)
    }

    /// The `from`/`to` of each queued review.
    static func weeks(_ reviews: [Announcement]) -> [String] {
        reviews.compactMap { review in
            guard case .budgetDigest(let news) = review.content else { return nil }
            return "\(news.from) to \(news.to)"
        }
    }

    @Test func theDigestIsPostedOnceAtItsTime() async throws {
        try await withDeclaredIncident(clock: clock) { store, _ in
            clock.advance(by: .seconds(60))
            await service(store).check()
            await service(store).check()
            let reviews = try await announcements(store)
            #expect(Self.weeks(reviews) == ["2027-01-08 08:00 to 2027-01-15 08:00"])
            #expect(try await posts(store, .budgetDigest, through: 1).isEmpty, "the review is not queued with the incident")
        }
    }

    /// With no incident at all, the week's review still goes out, once, saying so, with every SLO.
    @Test func aWeekWithoutIncidentsIsReviewedOnce() async throws {
        try await withEmptyStore { store, path in
            await service(store).check()
            await service(store).check()
            let reviews = try await announcements(store)
            #expect(Self.weeks(reviews) == ["2027-01-08 08:00 to 2027-01-15 08:00"])
            guard case .budgetDigest(let news)? = reviews.first?.content else {
                Issue.record("no review")
                return
            }
            #expect(news.noIncidents)
            #expect(news.lines == ["checkout-daily (checkout): 0 % of the rolling 1d budget consumed (0.0 of 14.4 min, 14.4 left); no incident this week"])

            // A restarted process (a new service on the same file) does not post it again.
            clock.advance(by: .seconds(3600))
            await service(try AppDatabase(path: path)).check()
            #expect(try await announcements(store).isEmpty)
        }
    }

    /// A process down over the due time posts the week's review when it starts, until the next one is due;
    /// then only the next.
    @Test func aLateStartPostsTheWeeksReviewOnceUntilTheNextIsDue() async throws {
        try await withEmptyStore { store, _ in
            clock.advance(by: .seconds(6 * 86_400 + 23 * 3600))
            await service(store).check()
            let late = try await announcements(store)
            #expect(Self.weeks(late) == ["2027-01-08 08:00 to 2027-01-15 08:00"], "six days and 23 hours late")
            clock.advance(by: .seconds(3600))
            await service(store).check()
            await service(store).check()
            let next = try await announcements(store)
            #expect(Self.weeks(next) == ["2027-01-15 08:00 to 2027-01-22 08:00"])
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
