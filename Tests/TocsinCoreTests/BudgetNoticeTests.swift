import Foundation
import Testing
import TocsinCore
import TocsinTestSupport

/// The budget's notices: the live line in an incident, the budget policy (once per threshold and window,
/// rolling windows re-arming), and the weekly digest's schedule.
@Suite struct BudgetNoticeTests {
    let t0 = ErrorBudgetTests.t0
    let slo = ErrorBudgetTests.thirtyDays
    var planner: IncidentPlanner {
        var configuration = Example.configuration
        configuration.slos = [slo]
        return IncidentPlanner(configuration: configuration)
    }

    func at(_ minutes: Double) -> Date { ErrorBudgetTests.at(minutes) }

    static func targets(_ effects: [Effect]) -> [ChannelTarget] {
        effects.compactMap { effect -> ChannelTarget? in
            guard case .post(let post) = effect else { return nil }
            return post.target
        }
    }

    func incident(_ severity: Severity) -> Incident {
        Incident(number: 3, title: "Card payments failing", severity: severity, service: "checkout", tier: 1, commander: "UIC", declaredBy: "UIC", declaredAt: t0)
    }

    func status(_ minutes: Double, now: Double = 600) throws -> BudgetStatus {
        try #require(ErrorBudget.status(of: slo, impacts: [ErrorBudgetTests.impact(3, [(0, minutes, .full)])], now: at(now)))
    }

    @Test func theLiveLineSaysTheShareTheWindowAndWhatIsLeft() throws {
        let (decision, threshold) = try #require(planner.budgetBurn(incident("SEV1"), status: try status(10), told: [], now: at(600)))
        #expect(threshold == 10)
        #expect(Self.targets(decision.effects) == [.incidentChannel, .thread("exec-incidents")])
        guard case .post(let post)? = decision.effects.first, case .budgetBurn(let news) = post.content else {
            Issue.record("no budget line")
            return
        }
        #expect(news.sentence == "This incident has burned 23 % of checkout-availability's 30-day budget (10.0 of 43.2 min); at full impact the rest lasts 33 min.")
        #expect(decision.timeline.map(\.key) == ["budget:checkout-availability:10"])
        #expect(IncidentPlanner.toldBurnThresholds(slo: slo.name, timeline: decision.timeline) == [10])
    }

    @Test func theExecutiveThreadHearsOnlyWhenTheExecutivesAreInformed() throws {
        let (decision, _) = try #require(planner.budgetBurn(incident("SEV2"), status: try status(10), told: [], now: at(600)))
        #expect(decision.effects.count == 1)
    }

    @Test(arguments: [
        (4.0, [Int](), nil as Int?, [String]()),
        (10.0, [10], nil, []),
        (22.0, [10], 50, ["budget:checkout-availability:25", "budget:checkout-availability:50"]),
        (50.0, [10, 25, 50], 100, ["budget:checkout-availability:100"]),
        (50.0, [10, 25, 50, 100], nil, []),
    ])
    func eachThresholdIsSaidOnce(minutes: Double, told: [Int], expected: Int?, keys: [String]) throws {
        let result = planner.budgetBurn(incident("SEV1"), status: try status(minutes), told: Set(told), now: at(600))
        #expect(result?.threshold == expected)
        #expect(result?.decision.timeline.map(\.key) ?? [] == keys)
    }

    @Test func anOverspentLineSaysByHowMuch() throws {
        let (decision, _) = try #require(planner.budgetBurn(incident("SEV2"), status: try status(45), told: [10, 25, 50], now: at(600)))
        guard case .post(let post)? = decision.effects.first, case .budgetBurn(let news) = post.content else {
            Issue.record("no budget line")
            return
        }
        #expect(news.sentence == "This incident has burned 104 % of checkout-availability's 30-day budget (45.0 of 43.2 min); the budget is spent, 1.8 min over.")
    }

    @Test func thePolicyTellsTheStakeholdersAndAt100PercentTheExecutives() throws {
        let half = planner.budgetPolicy(try status(25), threshold: 50, carrier: incident("SEV2"), now: at(600))
        #expect(Self.targets(half) == [.named("payments")])
        let spent = planner.budgetPolicy(try status(50), threshold: 100, carrier: incident("SEV2"), now: at(600))
        #expect(Self.targets(spent) == [.named("payments"), .named("exec-incidents")])
        guard case .post(let post)? = spent.first, case .budgetPolicy(let news) = post.content else {
            Issue.record("no policy notice")
            return
        }
        #expect(news.incidents == ["#3 Incident 3 (50.0 min)"])
        #expect(news.spent)
    }

    @Test func aRollingWindowsPolicyReArmsOnlyAfterRecoveringBelowTheThreshold() {
        let day = ServiceLevelObjective(name: "day", service: "checkout", timeWindow: .rolling(seconds: 86_400, text: "1d"), target: 0.99)
        // Budget 14.4 min; 50 % is 7.2 min, reached 7.2 minutes into the first incident.
        let first = [ErrorBudgetTests.impact(1, [(0, 30, .full)])]
        let episode = BudgetCrossing.episode(of: day, percent: 50, impacts: first, now: at(60))
        #expect(episode == "rolling:\(Int(t0.timeIntervalSince1970) + 432)")
        #expect(BudgetCrossing.episode(of: day, percent: 50, impacts: first, now: at(600)) == episode, "stays while above")
        // A day later the first incident has mostly left the window: below 50 %, nothing to tell.
        #expect(BudgetCrossing.episode(of: day, percent: 50, impacts: first, now: at(1440 + 25)) == nil)
        let both = first + [ErrorBudgetTests.impact(2, [(1500, 1530, .full)])]
        let again = BudgetCrossing.episode(of: day, percent: 50, impacts: both, now: at(1600))
        #expect(again == "rolling:\(Int(t0.timeIntervalSince1970) + 1500 * 60 + 432)")
    }

    @Test func aRollingWindowThatNeverRecoversKeepsItsEpisode() {
        let day = ServiceLevelObjective(name: "day", service: "checkout", timeWindow: .rolling(seconds: 86_400, text: "1d"), target: 0.99)
        let impacts = [ErrorBudgetTests.impact(1, [(0, 30, .full)]), ErrorBudgetTests.impact(2, [(1430, 1460, .full)])]
        let early = BudgetCrossing.episode(of: day, percent: 50, impacts: impacts, now: at(60))
        #expect(BudgetCrossing.episode(of: day, percent: 50, impacts: impacts, now: at(1465)) == early)
    }

    @Test func aCalendarWindowsEpisodeIsItsPeriod() {
        let monthly = ErrorBudgetTests.calendarMonth()
        let impacts = [ErrorBudgetTests.impact(1, [(0, 30, .full)])]
        #expect(BudgetCrossing.episode(of: monthly, percent: 50, impacts: impacts, now: at(60)) == "calendar:\(Int(ErrorBudgetTests.utc(2027, 1, 1).timeIntervalSince1970))")
        #expect(BudgetCrossing.episode(of: monthly, percent: 100, impacts: impacts, now: at(60)) == nil)
    }

    /// t0 is Friday 2027-01-15 08:00 UTC; weekday 6 is Friday, 2 is Monday.
    static let digestTimes: [(Int, Int, Double)] = [(6, 480, 0), (6, 540, -10_020), (6, 420, -60), (2, 540, -5_700)]

    @Test(arguments: digestTimes)
    func theDigestIsDueAtItsLatestWeeklyTime(weekday: Int, minuteOfDay: Int, minutes: Double) {
        let digest = DigestSettings(channel: "sre-review", weekday: weekday, minuteOfDay: minuteOfDay)
        #expect(digest.latestOccurrence(atOrBefore: t0) == at(minutes))
    }

    /// The week whose review is due: from the due time until the next one (a week later) it is the same
    /// week, so a late start still posts it; one second before its due time it is the week before's.
    /// t0 is Friday 2027-01-15 08:00 UTC; the review is due on Fridays at 08:00.
    static let dueWeeks: [(Double, Double)] = [(0, 0), (-1.0 / 60, -7 * 1440), (1, 0), (3 * 1440, 0), (7 * 1440 - 1.0 / 60, 0), (7 * 1440, 7 * 1440)]

    @Test(arguments: dueWeeks)
    func theReviewStaysDueUntilTheNextOneIs(minutes: Double, dueMinutes: Double) {
        let digest = DigestSettings(channel: "sre-review", weekday: 6, minuteOfDay: 480)
        let week = digest.week(dueAt: at(minutes))
        #expect(week.end == at(dueMinutes))
        #expect(week.start == at(dueMinutes - 7 * 1440))
        #expect(week.nextDue == at(dueMinutes + 7 * 1440))
        #expect(abs(week.lateness(at: at(minutes)) - (minutes - dueMinutes) * 60) < 0.001)
        #expect(week.lateness(at: at(minutes)) >= 0 && at(minutes) < week.nextDue)
    }

    @Test func eachWeeksReviewHasItsOwnKeyAsEarlierVersionsWroteIt() {
        let digest = DigestSettings(channel: "sre-review", weekday: 6, minuteOfDay: 480)
        #expect(digest.week(dueAt: at(10)).onceKey == "slo-digest:\(Int(t0.timeIntervalSince1970))")
        #expect(digest.week(dueAt: at(10)).onceKey == digest.week(dueAt: at(6 * 1440)).onceKey)
        #expect(digest.week(dueAt: at(10)).onceKey != digest.week(dueAt: at(7 * 1440)).onceKey)
    }

    @Test func theDigestListsEverySLOWorstFirstWithTheWeeksIncidents() throws {
        let other = ServiceLevelObjective(name: "search-availability", service: "search", timeWindow: .rolling(seconds: 30 * 86_400, text: "30d"), target: 0.99)
        let impacts = [ErrorBudgetTests.impact(3, [(0, 10, .full)]), ErrorBudgetTests.impact(4, [(-20_000, -19_990, .full)])]
        let statuses = [other, slo].compactMap { ErrorBudget.status(of: $0, impacts: impacts, now: at(600)) }
        let review = planner.budgetDigest(statuses, impacts: impacts, week: DigestWeek(start: at(-7 * 1440), end: at(600)), channel: "sre-review")
        guard case .budgetDigest(let news) = review.content else {
            Issue.record("no digest")
            return
        }
        #expect(review.channel == "sre-review")
        #expect(news.from == "2027-01-08 08:00")
        #expect(news.to == "2027-01-15 18:00")
        #expect(!news.noIncidents)
        #expect(news.lines == [
            "checkout-availability (checkout): 46 % of the rolling 30d budget consumed (20.0 of 43.2 min, 23.2 left); this week: #3 Incident 3 (10.0 min)",
            "search-availability (search): 0 % of the rolling 30d budget consumed (0.0 of 432.0 min, 432.0 left); no incident this week",
        ])
    }

    /// A week without incidents is reviewed too: every SLO (by name when they are equal), and the review says so.
    @Test func aQuietWeekIsReviewedWithEverySLO() throws {
        let other = ServiceLevelObjective(name: "api-availability", service: "payments-api", timeWindow: .rolling(seconds: 30 * 86_400, text: "30d"), target: 0.999)
        let search = ServiceLevelObjective(name: "search-availability", service: "search", timeWindow: .rolling(seconds: 30 * 86_400, text: "30d"), target: 0.999)
        let older = [ErrorBudgetTests.impact(4, [(-20_000, -19_990, .full)])]
        let statuses = [search, slo, other].compactMap { ErrorBudget.status(of: $0, impacts: older, now: at(0)) }
        let review = planner.budgetDigest(statuses, impacts: older, week: DigestWeek(start: at(-7 * 1440), end: at(0)), channel: "sre-review")
        guard case .budgetDigest(let news) = review.content else {
            Issue.record("no digest")
            return
        }
        #expect(news.noIncidents)
        #expect(news.lines == [
            "checkout-availability (checkout): 23 % of the rolling 30d budget consumed (10.0 of 43.2 min, 33.2 left); no incident this week",
            "api-availability (payments-api): 0 % of the rolling 30d budget consumed (0.0 of 43.2 min, 43.2 left); no incident this week",
            "search-availability (search): 0 % of the rolling 30d budget consumed (0.0 of 43.2 min, 43.2 left); no incident this week",
        ])
        let none = planner.budgetDigest([], impacts: [], week: DigestWeek(start: at(-7 * 1440), end: at(0)), channel: "sre-review")
        #expect(none.content == .budgetDigest(BudgetDigestNews(from: "2027-01-08 08:00", to: "2027-01-15 08:00", lines: [], noIncidents: true)))
    }
}
