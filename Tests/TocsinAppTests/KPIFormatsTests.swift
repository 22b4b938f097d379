import Foundation
import Testing
import TocsinApp
import TocsinCore
import TocsinTestSupport

/// Issue #15: `tocsin kpis --format json|csv` keeps its documented field names, nulls for figures with nothing to count.
@Suite struct KPIFormatsTests {
    let t = Date(timeIntervalSince1970: 1_800_000_000)

    var report: KPIReport {
        let incidents = [
            Incident(number: 1, title: "a", severity: "SEV1", service: nil, tier: 3, state: .resolved, commander: "U1", declaredBy: "U1", declaredAt: t, resolvedAt: t.addingTimeInterval(3600)),
            Incident(number: 2, title: "b", severity: "SEV1", service: nil, tier: 3, commander: "U1", declaredBy: "U1", declaredAt: t),
            Incident(number: 3, title: "c", severity: "SEV1", service: nil, tier: 3, commander: "U1", declaredBy: "U1", declaredAt: t, isDrill: true),
        ]
        return KPIReport.make(
            incidents: incidents, firstCheckIns: [1: t.addingTimeInterval(120), 2: t.addingTimeInterval(2400)], actions: [],
            surveys: [1: (answered: 1, participants: 3)], configuration: Example.configuration,
            since: t.addingTimeInterval(-86_400), until: t.addingTimeInterval(7200)
        )
    }

    @Test func theJSONHasOneObjectPerSeverityAndTheExclusions() throws {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(KPIFormats(report).json.utf8)) as? [String: Any])
        #expect(json["since"] as? String == "2027-01-14T08:00:00Z")
        #expect(json["until"] as? String == "2027-01-15T10:00:00Z")
        #expect(json["excluded"] as? [String: Int] == ["drills": 1, "cancelled": 0])
        let rows = try #require(json["severities"] as? [[String: Any]])
        #expect(rows.map { $0["severity"] as? String } == ["SEV0", "SEV1", "SEV2"])
        let sev1 = rows[1]
        #expect(sev1["incidents"] as? Int == 2 && sev1["with_check_in"] as? Int == 2 && sev1["without_check_in"] as? Int == 0)
        #expect(sev1["time_to_action_median_seconds"] as? Int == 120 && sev1["time_to_action_p90_seconds"] as? Int == 2400)
        #expect(sev1["target_seconds"] as? Int == 1800 && sev1["within_target"] as? Int == 1 && sev1["within_target_share"] as? Double == 0.5)
        #expect(sev1["time_to_resolve_median_seconds"] as? Int == 3600 && sev1["resolved"] as? Int == 1)
        #expect(sev1["survey_completion"] as? Double == 0.3333)
        #expect(sev1["action_items"] as? Int == 0 && sev1["action_item_completion"] is NSNull)
        #expect(rows[0]["time_to_action_median_seconds"] is NSNull)
        #expect(Set(sev1.keys) == Set(KPIFormats.columns.filter { !$0.hasPrefix("excluded_") }))
    }

    @Test func theCSVHasAHeaderRowAndEmptyCellsForNothingToCount() {
        let lines = KPIFormats(report).csv.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0] == KPIFormats.columns.joined(separator: ","))
        #expect(lines[2] == "SEV1,2,1,2,0,120,2400,1800,1,0.5,3600,1,3,0.3333,0,0,,1,0")
        #expect(lines[1] == "SEV0,0,0,0,0,,,300,0,,,0,0,,0,0,,1,0")
    }
}
