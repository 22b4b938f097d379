import Foundation
import Testing
import TocsinCore
import TocsinTestSupport

/// Issue #15: the KPI arithmetic — nearest-rank percentiles, the within-target share, time to resolve,
/// incidents without a check-in, the range, and drills and cancelled incidents left out (and counted apart).
@Suite struct KPIReportTests {
    let t = Date(timeIntervalSince1970: 1_800_000_000)

    /// An incident `number` at `severity`, declared `declaredAfter` seconds after `t`, resolved `resolvedAfter` seconds after its declaration.
    func incident(
        _ number: Int, _ severity: Severity = "SEV1", declaredAfter: Double = 0, resolvedAfter: Double? = nil,
        state: IncidentState? = nil, drill: Bool = false
    ) -> Incident {
        let declared = t.addingTimeInterval(declaredAfter)
        return Incident(
            number: number, title: "i\(number)", severity: severity, service: "checkout", tier: 1,
            state: state ?? (resolvedAfter == nil ? .investigating : .resolved), commander: "U1", declaredBy: "U1", declaredAt: declared,
            resolvedAt: resolvedAfter.map { declared.addingTimeInterval($0) }, isDrill: drill
        )
    }

    /// First check-ins `seconds` after each incident's declaration.
    func checkIns(_ incidents: [Incident], _ seconds: [Int: Double]) -> [Int: Date] {
        Dictionary(uniqueKeysWithValues: incidents.compactMap { incident in
            seconds[incident.number].map { (incident.number, incident.declaredAt.addingTimeInterval($0)) }
        })
    }

    @Test(arguments: [
        ([Int](), 50, Int?.none), ([Int](), 90, nil),
        ([7], 50, 7), ([7], 90, 7),
        ([1, 2], 50, 1), ([1, 2], 90, 2),
        ([1, 2, 3], 50, 2), ([1, 2, 3], 90, 3),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9), ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50, 5),
        (Array(1...11), 90, 10), (Array(1...20), 90, 18), (Array(1...21), 90, 19),
    ])
    func percentilesAreNearestRank(values: [Int], percent: Int, expected: Int?) {
        // Rank ⌈p/100 × n⌉, counting from 1: no interpolation, so the figure is a time that happened.
        #expect(KPIReport.nearestRank(percent, of: values) == expected)
    }

    @Test func timeToActionMedianP90AndTheShareWithinTarget() throws {
        // SEV1's target is 30 minutes (1800 s); ten incidents, first check-ins from 1 to 10 × 300 s.
        let incidents = (1...10).map { incident($0) }
        let seconds = Dictionary(uniqueKeysWithValues: (1...10).map { ($0, Double($0 * 300)) })
        let report = KPIReport.make(incidents: incidents, firstCheckIns: checkIns(incidents, seconds), actions: [], configuration: Example.configuration)
        let sev1 = try #require(report.rows.first { $0.severity == "SEV1" })
        #expect(sev1.incidents == 10 && sev1.checkedIn == 10 && sev1.withoutCheckIn == 0)
        #expect(sev1.medianTimeToAction == 1500)
        #expect(sev1.p90TimeToAction == 2700)
        #expect(sev1.targetSeconds == 1800)
        // 300 … 1800 are within (at the target counts as within), 2100 … 3000 are not.
        #expect(sev1.checkInsWithinTarget == 6)
        #expect(sev1.withinTargetShare == 0.6)
    }

    @Test func incidentsWithoutACheckInAreCountedButHaveNoTimeToAction() throws {
        let incidents = [incident(1), incident(2), incident(3)]
        let report = KPIReport.make(incidents: incidents, firstCheckIns: checkIns(incidents, [1: 4000]), actions: [], configuration: Example.configuration)
        let sev1 = try #require(report.rows.first { $0.severity == "SEV1" })
        #expect(sev1.incidents == 3 && sev1.checkedIn == 1 && sev1.withoutCheckIn == 2)
        #expect(sev1.medianTimeToAction == 4000 && sev1.p90TimeToAction == 4000)
        // The share is over incidents with a check-in: the two without are in neither part.
        #expect(sev1.checkInsWithinTarget == 0 && sev1.withinTargetShare == 0)
        let none = KPIReport.make(incidents: [incident(4)], firstCheckIns: [:], actions: [], configuration: Example.configuration)
        let row = try #require(none.rows.first { $0.severity == "SEV1" })
        #expect(row.withoutCheckIn == 1 && row.medianTimeToAction == nil && row.p90TimeToAction == nil && row.withinTargetShare == nil)
    }

    @Test func medianTimeToResolveIsOverResolvedIncidents() throws {
        let incidents = [incident(1, resolvedAfter: 3600), incident(2, resolvedAfter: 600), incident(3, resolvedAfter: 7200), incident(4), incident(5, resolvedAfter: 60)]
        let report = KPIReport.make(incidents: incidents, firstCheckIns: [:], actions: [], configuration: Example.configuration)
        let sev1 = try #require(report.rows.first { $0.severity == "SEV1" })
        #expect(sev1.resolved == 4)
        // 60, 600, 3600, 7200: the nearest-rank median is the 2nd.
        #expect(sev1.medianTimeToResolve == 600)
    }

    @Test func drillsAndCancelledIncidentsAreLeftOutAndCountedApart() throws {
        let incidents = [
            incident(1, resolvedAfter: 600), incident(2, drill: true), incident(3, state: .cancelled),
            incident(4, resolvedAfter: 60, drill: true), incident(5, state: .cancelled, drill: true),
        ]
        let actions = [
            ActionItem(id: 1, incidentNumber: 1, owner: "U1", text: "a", due: nil, state: .done, createdBy: "U1", createdAt: t),
            ActionItem(id: 2, incidentNumber: 2, owner: "U1", text: "b", due: nil, createdBy: "U1", createdAt: t),
            ActionItem(id: 3, incidentNumber: 3, owner: "U1", text: "c", due: nil, createdBy: "U1", createdAt: t),
        ]
        let report = KPIReport.make(
            incidents: incidents, firstCheckIns: checkIns(incidents, [1: 100, 2: 5, 3: 5, 4: 5]), actions: actions,
            surveys: [1: (answered: 1, participants: 2), 4: (answered: 0, participants: 5)], configuration: Example.configuration
        )
        let sev1 = try #require(report.rows.first { $0.severity == "SEV1" })
        #expect(sev1.incidents == 1 && sev1.resolved == 1)
        #expect(sev1.checkedIn == 1 && sev1.medianTimeToAction == 100)
        #expect(sev1.medianTimeToResolve == 600)
        #expect(sev1.actionItems == 1 && sev1.actionItemCompletion == 1)
        #expect(sev1.surveysAnswered == 1 && sev1.surveysAsked == 2 && sev1.surveyCompletion == 0.5)
        // A cancelled drill counts once, as a drill.
        #expect(report.excludedDrills == 3 && report.excludedCancelled == 1)
        #expect(report.text.contains("Left out: 3 drills and 1 cancelled incident."))
    }

    @Test func onlyIncidentsDeclaredInTheRangeCount() throws {
        let incidents = [incident(1, declaredAfter: -40 * 86_400), incident(2, declaredAfter: -86_400), incident(3, declaredAfter: -40 * 86_400, drill: true)]
        let report = KPIReport.make(
            incidents: incidents, firstCheckIns: [:], actions: [], configuration: Example.configuration,
            since: t.addingTimeInterval(-30 * 86_400), until: t
        )
        #expect(report.rows.map(\.incidents).reduce(0, +) == 1)
        #expect(report.excludedDrills == 0)
    }

    @Test func anEmptyRangeHasARowPerSeverityAndNoFigures() {
        let report = KPIReport.make(incidents: [], firstCheckIns: [:], actions: [], configuration: Example.configuration, since: t, until: t)
        #expect(report.rows.map(\.severity) == ["SEV0", "SEV1", "SEV2"])
        for row in report.rows {
            #expect(row.incidents == 0 && row.withoutCheckIn == 0)
            #expect(row.medianTimeToAction == nil && row.p90TimeToAction == nil && row.medianTimeToResolve == nil)
            #expect(row.withinTargetShare == nil && row.surveyCompletion == nil && row.actionItemCompletion == nil)
        }
        #expect(report.excludedDrills == 0 && report.excludedCancelled == 0)
        #expect(report.text.contains("Left out: 0 drills and 0 cancelled incidents."))
    }
}
