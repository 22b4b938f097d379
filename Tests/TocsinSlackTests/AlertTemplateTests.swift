import Foundation
import Testing
import TocsinApp
import TocsinCore
import TocsinSlack

/// The alerts message, from the built-in templates and from the repository's: one line per alert, what monitors sent
/// escaped once for Slack, links live.
@Suite struct AlertTemplateTests {
    let view = IncidentView(
        number: 3, title: "Checkout error rate above 5%", severity: "SEV1", severitySummary: "", service: "checkout", tier: 1,
        state: "declared", commander: "U01PAYLEAD", declaredBy: "Alertmanager", updateEvery: "30 minutes", checkInWithin: "30 minutes",
        impactedServices: []
    )

    @Test(arguments: [true, false])
    func alertLinesAreWrittenOnceForSlack(builtin: Bool) throws {
        let renderer = builtin ? try TemplateRenderer() : try TemplateRenderer(directory: TemplateRendererTests.templates)
        let alert = AlertNotice(
            key: "am:1:firing:x", name: "Errors<5xx>", status: .firing, service: "checkout", severityValue: "critical",
            summary: "p99 & errors", labels: [AlertLabel(name: "service", value: "checkout")],
            links: [AlertLink(title: "Source", url: "http://prometheus:9090/graph?g0.expr=a&g0.tab=1")]
        )
        let line = IncidentPlanner.line(alert, now: Date(timeIntervalSince1970: 1_800_000_000))
        let declared = try renderer.render(
            Post(target: .incidentChannel, view: view, content: .alerts(AlertNews(source: "Alertmanager", event: .declared, lines: [line]))),
            incidentChannel: ChannelInfo(id: "C0INC", name: "inc-3")
        )
        #expect(declared.text.contains(":rotating_light: *Alertmanager declared this incident.*"), "\(declared.text)")
        #expect(declared.text.contains("• *Errors&lt;5xx&gt;* firing: p99 &amp; errors (service=checkout) · <http://prometheus:9090/graph?g0.expr=a&amp;g0.tab=1|Source>"), "\(declared.text)")

        var gone = alert
        gone.status = .resolved
        let resolved = try renderer.render(
            Post(target: .incidentChannel, view: view, content: .alerts(AlertNews(source: "Alertmanager", event: .resolved, lines: [
                IncidentPlanner.line(gone, now: Date(timeIntervalSince1970: 1_800_000_000)),
            ]))),
            incidentChannel: ChannelInfo(id: "C0INC", name: "inc-3")
        )
        #expect(resolved.text.contains("alert resolved"), "\(resolved.text)")
        #expect(resolved.text.contains("*Errors&lt;5xx&gt;* resolved at 2027-01-15 08:00 UTC"), "\(resolved.text)")
    }
}
