import Foundation
import Testing
import TocsinCore
import TocsinTestSupport

/// Impact windows: what `/incident impact …` records in the timeline, how the window is read back, and
/// the `HH:MM` times it takes.
@Suite struct ImpactWindowTests {
    let t0 = ErrorBudgetTests.t0
    let planner = IncidentPlanner(configuration: Example.configuration)

    func at(_ minutes: Double) -> Date { ErrorBudgetTests.at(minutes) }

    func incident(state: IncidentState = .investigating, resolvedAt: Date? = nil) -> Incident {
        Incident(number: 7, title: "Card payments failing", severity: "SEV1", service: "checkout", tier: 1, state: state,
                 commander: "UIC", declaredBy: "UIC", declaredAt: t0, resolvedAt: resolvedAt)
    }

    /// Applies `requests`, each at its minute, and returns the timeline they leave.
    func timeline(_ incident: Incident, _ requests: [(Double, ImpactRequest)]) throws -> [TimelineEntry] {
        var entries: [TimelineEntry] = []
        for (minute, request) in requests {
            entries += try planner.changeImpact(request, of: incident, timeline: entries, by: "UIC", now: at(minute)).get().timeline
        }
        return entries
    }

    @Test func byDefaultImpactRunsFromDeclarationToResolutionAtFullImpact() {
        let resolved = incident(state: .resolved, resolvedAt: at(45))
        #expect(IncidentImpact(resolved, timeline: [], now: at(100)).spans == [ImpactSpan(start: t0, end: at(45), level: .full)])
        #expect(IncidentImpact(incident(), timeline: [], now: at(20)).spans == [ImpactSpan(start: t0, end: at(20), level: .full)])
    }

    @Test func explicitStartAndEndSetTheWindowAndEachIsATimelineEntry() throws {
        // t0 is 08:00 UTC: 07:40 is today's, and 08:05 at 08:10 too.
        let entries = try timeline(incident(), [(10, .start(ClockTime("07:40"))), (10, .end(ClockTime("08:05")))])
        #expect(entries.map(\.kind) == [.impact, .impact])
        #expect(entries.map(\.text.plainText) == ["Impact started", "Impact ended"])
        #expect(IncidentImpact(incident(), timeline: entries, now: at(60)).spans == [ImpactSpan(start: at(-20), end: at(5), level: .full)])
    }

    @Test func theLatestCorrectionWins() throws {
        let entries = try timeline(incident(), [(10, .start(ClockTime("07:40"))), (12, .start(ClockTime("07:50")))])
        #expect(IncidentImpact(incident(), timeline: entries, now: at(20)).spans.first?.start == at(-10))
    }

    @Test func theLevelChangesFromNowOn() throws {
        let entries = try timeline(incident(), [(10, .level(.partial)), (30, .level(.degraded)), (40, .level(.full))])
        #expect(IncidentImpact(incident(), timeline: entries, now: at(50)).spans == [
            ImpactSpan(start: t0, end: at(10), level: .full), ImpactSpan(start: at(10), end: at(30), level: .partial),
            ImpactSpan(start: at(30), end: at(40), level: .degraded), ImpactSpan(start: at(40), end: at(50), level: .full),
        ])
    }

    @Test func impactChangingMidIncidentBurnsAtEachLevelInTurn() throws {
        let entries = try timeline(incident(), [(10, .level(.partial)), (40, .end(nil))])
        let impact = IncidentImpact(incident(), timeline: entries, now: at(60))
        let status = try #require(ErrorBudget.status(of: ErrorBudgetTests.thirtyDays, impacts: [impact], now: at(60)))
        #expect(abs(status.consumedMinutes - (10 + 0.3 * 30)) < 1e-9)
    }

    @Test func cancelledIncidentsAndDrillsAreExcluded() {
        #expect(IncidentImpact(incident(state: .cancelled), timeline: [], now: at(20)).exclusion == .cancelled)
        #expect(IncidentImpact(incident(), timeline: [], now: at(20), isDrill: true).exclusion == .drill)
        #expect(IncidentImpact(incident(), timeline: [], now: at(20)).exclusion == nil)
    }

    @Test func anEndBeforeTheStartIsRefusedWithTheStartNamed() throws {
        let entries = try timeline(incident(), [(10, .start(ClockTime("07:50")))])
        let refused = planner.changeImpact(.end(ClockTime("07:45")), of: incident(), timeline: entries, by: "UIC", now: at(10))
        #expect(refused == .failure(.endNotAfterStart(start: at(-10))))
        #expect(ImpactError.endNotAfterStart(start: at(-10)).message(command: "/incident").hasPrefix("Impact started at 2027-01-15 07:50 UTC"))
        let ended = try timeline(incident(), [(10, .end(nil))])
        #expect(planner.changeImpact(.start(ClockTime("08:20")), of: incident(), timeline: ended, by: "UIC", now: at(30)) == .failure(.startNotBeforeEnd(end: at(10))))
    }

    @Test func aClosedIncidentKeepsItsLevelButItsWindowCanBeCorrected() throws {
        let resolved = incident(state: .resolved, resolvedAt: at(45))
        #expect(planner.changeImpact(.level(.partial), of: resolved, timeline: [], by: "UIC", now: at(50)) == .failure(.closed(number: 7)))
        let entries = try timeline(resolved, [(50, .start(ClockTime("07:30")))])
        #expect(IncidentImpact(resolved, timeline: entries, now: at(60)).spans == [ImpactSpan(start: at(-30), end: at(45), level: .full)])
    }

    @Test(arguments: ["25:99", "24:00", "12:60", "-1:00", "99999999999999999999:00", "9:5", "", ":", "ab:cd", "１２:００", "12:00:00", "+1:00", "1 :00"])
    func oddTimesAreNotTimes(_ text: String) {
        #expect(ClockTime(text) == nil)
    }

    @Test(arguments: [("0:00", 0), ("09:05", 545), ("23:59", 1439), ("7:30", 450)])
    func timesOfDayAreRead(_ text: String, minutes: Int) {
        #expect(ClockTime(text)?.minuteOfDay == minutes)
    }

    @Test(arguments: [("07:00", 0.0 - 60), ("08:00", 0.0), ("09:00", -23.0 * 60)])
    func aTimeIsTodaysOrTheLatestSuchTimeBeforeNow(_ text: String, minutes: Double) throws {
        #expect(try #require(ClockTime(text)).latest(atOrBefore: t0) == at(minutes))
    }
}
