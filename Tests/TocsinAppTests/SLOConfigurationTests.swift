import Foundation
import Testing
import TocsinApp
import TocsinCore

/// `slos:` in OpenSLO v1's names and `digest:`, as `check-config` validates them.
@Suite struct SLOConfigurationTests {
    private func problems(_ yaml: String) -> [String] {
        do {
            _ = try ConfigurationLoader.parse(DefaultConfiguration.yaml + yaml)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    static let example = """
    slos:
      - name: checkout-availability
        service: checkout
        timeWindow: { duration: 30d, isRolling: true }
        objectives: [{ target: 0.999 }]
        indicator:
          incidents:
            severities: [SEV0, SEV1, SEV2]
            impactWeights: { full: 1.0, partial: 0.3, degraded: 0.0 }
        alertPolicies:
          budgetConsumed: [50, 75, 100]
      - name: search-monthly
        service: search
        timeWindow: { duration: 1M, calendar: { startTime: "2026-01-01 00:00:00", timeZone: UTC } }
        objectives: [{ target: 0.99 }]
    digest: { channel: sre-review, weekday: monday, time: "09:00" }

    """

    @Test func theIssuesExampleReads() throws {
        let configuration = try ConfigurationLoader.parse(DefaultConfiguration.yaml + Self.example).configuration
        #expect(configuration.slos.count == 2)
        let checkout = configuration.slos[0]
        #expect(checkout.timeWindow == .rolling(seconds: 30 * 86_400, text: "30d"))
        #expect(checkout.target == 0.999)
        #expect(checkout.severities == ["SEV0", "SEV1", "SEV2"])
        #expect(checkout.impactWeights == ImpactWeights(full: 1, partial: 0.3, degraded: 0))
        #expect(checkout.budgetConsumed == [50, 75, 100])
        guard case .calendar(1, .month, let start, let zone) = configuration.slos[1].timeWindow else {
            Issue.record("not a calendar month")
            return
        }
        #expect(start == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(zone.secondsFromGMT(for: start) == 0)
        #expect(configuration.digest == DigestSettings(channel: "sre-review", weekday: 2, minuteOfDay: 540))
    }

    static func slo(service: String = "checkout", window: String = "{ duration: 30d, isRolling: true }", target: String = "0.999", extra: String = "") -> String {
        """
        slos:
          - name: checkout-availability
            service: \(service)
            timeWindow: \(window)
            objectives: [{ target: \(target) }]
        \(extra)
        """
    }

    @Test(arguments: [
        (slo(service: "payments"), "`slos[0].service` names `payments`, which is not a service in the catalog"),
        (slo(target: "1"), "`slos[0].objectives[0].target` must be a number between 0 and 1 (exclusive), like 0.999, not `1`"),
        (slo(target: "0"), "not `0`"),
        (slo(target: "99.9"), "not `99.9`"),
        (slo(target: "nan"), "not `nan`"),
        (slo(window: "{ duration: 30x, isRolling: true }"), "`slos[0].timeWindow.duration` must be a count and a unit like 30d"),
        (slo(window: "{ duration: 99999999999999999999d, isRolling: true }"), "(at most 1000), not `99999999999999999999d`"),
        (slo(window: "{ duration: -3d, isRolling: true }"), "not `-3d`"),
        (slo(window: "{ duration: 30d }"), "needs `isRolling: true` or a `calendar: { startTime, timeZone }`"),
        (slo(window: "{ duration: 1M, isRolling: true }"), "a rolling window is counted in days or weeks"),
        (slo(window: "{ duration: 1M, calendar: { startTime: \"2026-13-01 00:00:00\", timeZone: UTC } }"), "`slos[0].timeWindow.calendar.startTime` must be written"),
        (slo(window: "{ duration: 1M, calendar: { startTime: \"2026-01-01 25:99:00\", timeZone: UTC } }"), "`slos[0].timeWindow.calendar.startTime` must be written"),
        (slo(window: "{ duration: 1M, calendar: { startTime: \"2026-01-01 00:00:00\", timeZone: Mars/Olympus } }"), "`Mars/Olympus` is not a time zone"),
        (slo(extra: "    alertPolicies: { budgetConsumed: [75, 50] }"), "must rise, each percentage once"),
        (slo(extra: "    alertPolicies: { budgetConsumed: [0] }"), "`slos[0].alertPolicies.budgetConsumed[]` must be between 1 and 1000"),
        (slo(extra: "    indicator: { incidents: { severities: [SEV9] } }"), "names `SEV9`, which is not in `severities`"),
        (slo(extra: "    indicator: { incidents: { impactWeights: { full: 2 } } }"), "`slos[0].indicator.incidents.impactWeights.full` must be a number from 0 to 1"),
        (slo(extra: "    burnRate: 2"), "unknown key `slos[0].burnRate`"),
        ("digest: { channel: sre-review, weekday: someday, time: \"09:00\" }\n", "`digest.weekday` must be a day of the week"),
        ("digest: { channel: sre-review, weekday: monday, time: \"25:99\" }\n", "`digest.time` must be a UTC time written HH:MM"),
        ("digest: { channel: SRE Review, weekday: monday, time: \"09:00\" }\n", "`digest.channel` `SRE Review` is not a valid channel name"),
    ])
    func checkConfigNamesWhatIsWrong(_ yaml: String, expected: String) {
        let found = problems(yaml)
        #expect(found.contains { $0.contains(expected) }, "\(found)")
        #expect(found.allSatisfy { $0.hasPrefix("line ") }, "every problem has its line: \(found)")
    }
}
