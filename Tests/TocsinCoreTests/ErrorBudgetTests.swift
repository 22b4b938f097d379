import Foundation
import Testing
import TocsinCore

/// The error-budget arithmetic: budgets, merged overlapping impact, weights, windows cut at their edges,
/// calendar months, overspent budgets and the incidents that burn nothing.
@Suite struct ErrorBudgetTests {
    /// 2027-01-15 08:00 UTC, a Friday.
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func at(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }

    static let thirtyDays = ServiceLevelObjective(
        name: "checkout-availability", service: "checkout", timeWindow: .rolling(seconds: 30 * 86_400, text: "30d"), target: 0.999,
        severities: ["SEV0", "SEV1", "SEV2"], impactWeights: ImpactWeights(full: 1, partial: 0.3, degraded: 0), budgetConsumed: [50, 75, 100]
    )

    /// An impact of incident `number` made of `(start, end, level)` spans, in minutes after t0.
    static func impact(
        _ number: Int, _ spans: [(Double, Double, ImpactLevel)], service: String = "checkout", severity: Severity = "SEV1",
        exclusion: IncidentImpact.Exclusion? = nil
    ) -> IncidentImpact {
        IncidentImpact(
            number: number, title: "Incident \(number)", service: service, severity: severity,
            spans: spans.map { ImpactSpan(start: at($0.0), end: at($0.1), level: $0.2) }, exclusion: exclusion
        )
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var impacts: [IncidentImpact]
        var consumed: Double
        var shares: [Int: Double]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "one incident at full impact", impacts: [impact(1, [(0, 30, .full)])], consumed: 30, shares: [1: 30]),
        Case(name: "partial impact burns at its weight", impacts: [impact(1, [(0, 30, .partial)])], consumed: 9, shares: [1: 9]),
        Case(name: "degraded impact weighs nothing here", impacts: [impact(1, [(0, 30, .degraded)])], consumed: 0, shares: [:]),
        Case(name: "overlapping full incidents are merged, never double", impacts: [impact(1, [(0, 30, .full)]), impact(2, [(10, 40, .full)])], consumed: 40, shares: [1: 30, 2: 10]),
        Case(name: "overlap counts the highest weight at each moment", impacts: [impact(1, [(0, 30, .full)]), impact(2, [(20, 60, .partial)])], consumed: 39, shares: [1: 30, 2: 9]),
        Case(name: "a partial incident inside a full one adds nothing", impacts: [impact(1, [(0, 60, .full)]), impact(2, [(10, 20, .partial)])], consumed: 60, shares: [1: 60]),
        Case(name: "impact changing mid-incident", impacts: [impact(1, [(0, 10, .full), (10, 40, .partial), (40, 50, .full)])], consumed: 10 + 9 + 10, shares: [1: 29]),
        Case(name: "another service burns nothing", impacts: [impact(1, [(0, 30, .full)], service: "search")], consumed: 0, shares: [:]),
        Case(name: "the service is matched ignoring case", impacts: [impact(1, [(0, 30, .full)], service: "Checkout")], consumed: 30, shares: [1: 30]),
        Case(name: "a severity outside the indicator burns nothing", impacts: [impact(1, [(0, 30, .full)], severity: "SEV3")], consumed: 0, shares: [:]),
        Case(name: "drills burn nothing", impacts: [impact(1, [(0, 30, .full)], exclusion: .drill), impact(2, [(100, 110, .full)])], consumed: 10, shares: [2: 10]),
        Case(name: "cancelled incidents burn nothing, even overlapping", impacts: [impact(1, [(0, 30, .full)], exclusion: .cancelled), impact(2, [(20, 25, .partial)])], consumed: 1.5, shares: [2: 1.5]),
        Case(name: "an overspent budget is not capped", impacts: [impact(1, [(0, 100, .full)])], consumed: 100, shares: [1: 100]),
        Case(name: "impact after now is not counted", impacts: [impact(1, [(590, 700, .full)])], consumed: 10, shares: [1: 10]),
    ]

    @Test(arguments: cases)
    func consumedIsTheMergedWeightedImpact(_ example: Case) throws {
        let status = try #require(ErrorBudget.status(of: Self.thirtyDays, impacts: example.impacts, now: Self.at(600)))
        #expect(abs(status.budgetMinutes - 43.2) < 1e-9)
        #expect(abs(status.consumedMinutes - example.consumed) < 1e-9)
        #expect(status.burns.count == example.shares.count)
        for burn in status.burns {
            #expect(abs(burn.minutes - (example.shares[burn.number] ?? -1)) < 1e-9, "incident \(burn.number)")
        }
        #expect(status.burns.map(\.minutes) == status.burns.map(\.minutes).sorted(by: >), "largest first")
        #expect(abs(status.remainingMinutes - (43.2 - example.consumed)) < 1e-9)
    }

    @Test func anOverspentBudgetShowsBelowZeroAndAbove100Percent() throws {
        let status = try #require(ErrorBudget.status(of: Self.thirtyDays, impacts: [Self.impact(1, [(0, 100, .full)])], now: Self.at(600)))
        #expect(BudgetText.minutes(status.remainingMinutes) == "-56.8")
        #expect(BudgetText.percent(status.percentConsumed) == 231)
        #expect(status.reached([50, 75, 100]) == [50, 75, 100])
    }

    @Test func aRollingWindowCutsImpactAtItsStart() throws {
        let day = ServiceLevelObjective(name: "day", service: "checkout", timeWindow: .rolling(seconds: 86_400, text: "1d"), target: 0.99)
        // The window is the day before t0 + 1450 min: it starts at t0 + 10 min.
        let status = try #require(ErrorBudget.status(of: day, impacts: [Self.impact(1, [(0, 30, .full)])], now: Self.at(1450)))
        #expect(abs(status.consumedMinutes - 20) < 1e-9)
        #expect(abs(status.budgetMinutes - 14.4) < 1e-9)
        #expect(status.window.start == Self.at(10))
    }

    static func calendarMonth(zone: String = "UTC") -> ServiceLevelObjective {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? .gmt
        let start = calendar.date(from: DateComponents(year: 2026, month: 1, day: 1)) ?? Date()
        return ServiceLevelObjective(
            name: "monthly", service: "checkout", timeWindow: .calendar(count: 1, unit: .month, startTime: start, timeZone: calendar.timeZone), target: 0.999
        )
    }

    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute)) ?? Date()
    }

    @Test(arguments: [
        // (now, window start, window end, budget minutes): 31, 28, 30 and 29 days (a leap year).
        (utc(2027, 1, 15), utc(2027, 1, 1), utc(2027, 2, 1), 44.64),
        (utc(2027, 2, 10), utc(2027, 2, 1), utc(2027, 3, 1), 40.32),
        (utc(2027, 4, 30, 23, 59), utc(2027, 4, 1), utc(2027, 5, 1), 43.2),
        (utc(2028, 2, 29, 12), utc(2028, 2, 1), utc(2028, 3, 1), 41.76),
        (utc(2026, 12, 31, 23, 59), utc(2026, 12, 1), utc(2027, 1, 1), 44.64),
    ])
    func calendarMonthsHaveTheirOwnLengths(now: Date, start: Date, end: Date, budget: Double) throws {
        let status = try #require(ErrorBudget.status(of: Self.calendarMonth(), impacts: [], now: now))
        #expect(status.window.start == start)
        #expect(status.window.end == end)
        #expect(abs(status.budgetMinutes - budget) < 1e-9)
    }

    @Test func aCalendarMonthCountsOnlyItsOwnPartOfAnIncidentAcrossItsStart() throws {
        let across = IncidentImpact(
            number: 1, title: "Across midnight", service: "checkout", severity: "SEV1",
            spans: [ImpactSpan(start: Self.utc(2027, 1, 31, 23, 50), end: Self.utc(2027, 2, 1, 0, 20), level: .full)]
        )
        let status = try #require(ErrorBudget.status(of: Self.calendarMonth(), impacts: [across], now: Self.utc(2027, 2, 10)))
        #expect(abs(status.consumedMinutes - 20) < 1e-9)
    }

    @Test func aCalendarMonthStartsAtMidnightInItsTimeZone() throws {
        let status = try #require(ErrorBudget.status(of: Self.calendarMonth(zone: "Europe/Berlin"), impacts: [], now: Self.utc(2027, 2, 10)))
        #expect(status.window.start == Self.utc(2027, 1, 31, 23))
        #expect(status.window.end == Self.utc(2027, 2, 28, 23))
    }

    @Test func theWindowSaysWhetherItIsRollingOrCalendar() {
        #expect(Self.thirtyDays.timeWindow.summary == "rolling 30d")
        #expect(Self.thirtyDays.timeWindow.adjective == "30-day")
        #expect(Self.calendarMonth().timeWindow.summary.hasPrefix("calendar 1M from 2026-01-01 00:00 UTC"))
        #expect(Self.calendarMonth().timeWindow.adjective == "calendar-month")
    }
}
