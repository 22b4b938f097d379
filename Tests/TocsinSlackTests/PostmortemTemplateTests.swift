import Foundation
import Testing
import TocsinApp
import TocsinCore
import TocsinSlack

/// The shipped postmortem template against a golden file (`Tests/Golden/postmortem.md`).
@Suite struct PostmortemTemplateTests {
    static let golden = TemplateRendererTests.repository.appendingPathComponent("Tests/Golden/postmortem.md")

    static func facts() -> PostmortemFacts {
        let configuration = try! ConfigurationLoader.parse(DefaultConfiguration.yaml).configuration
        let planner = IncidentPlanner(configuration: configuration)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15 08:00:00 UTC
        var incident = planner.declare(IncidentDeclaration(severity: "SEV2", service: "checkout", title: "Card payments failing"), number: 12, userID: "U01PAYLEAD", now: t0)
        var timeline = [incident.timelineEntry]
        var current = incident.incident
        func apply(_ decision: Decision) {
            current = decision.incident
            timeline += decision.timeline
        }
        apply(try! planner.changeSeverity(current, to: "SEV1", by: "U01PAYLEAD", now: t0.addingTimeInterval(120)).get())
        timeline.append(TimelineEntry(at: t0.addingTimeInterval(200), kind: .evidence, actor: "U02ONCALL1", text: "grafana: https://grafana.example.com/d/checkout", key: "e"))
        apply(planner.note("Failover to eu-west started", by: "U04SRE", in: current, now: t0.addingTimeInterval(300)))
        apply(try! planner.postStatus(current, state: .identified, text: "Bad deploy of payments-api", by: "U01PAYLEAD", now: t0.addingTimeInterval(600)).get())
        apply(try! planner.resolve(current, summary: "Rolled back; payments recovered", by: "U01PAYLEAD", now: t0.addingTimeInterval(3900)).get())
        incident.incident = current
        let actions = [
            ActionItem(id: 1, incidentNumber: 12, owner: "U04SRE", text: "Alert on card declines", due: "2027-02-01", createdBy: "U01PAYLEAD", createdAt: t0),
            ActionItem(id: 2, incidentNumber: 12, owner: "U02ONCALL1", text: "Canary payments-api deploys", due: nil, state: .done, createdBy: "U01PAYLEAD", createdAt: t0),
        ]
        return planner.postmortem(current, timeline: timeline, checkIns: [(userID: "U02ONCALL1", at: t0.addingTimeInterval(95)), (userID: "U04SRE", at: t0.addingTimeInterval(400))], actions: actions,
            invitations: ["U02ONCALL1": t0, "U04SRE": t0.addingTimeInterval(300)], now: t0.addingTimeInterval(4000))
    }

    @Test func aFullPostmortemMatchesTheGoldenFile() throws {
        let renderer = try TemplateRenderer(directory: TemplateRendererTests.templates)
        let rendered = try renderer.renderPostmortem(Self.facts())
        if ProcessInfo.processInfo.environment["TOCSIN_UPDATE_GOLDEN"] == "1" {
            try rendered.write(to: Self.golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: Self.golden, encoding: .utf8)
        #expect(rendered == expected)
    }
}
