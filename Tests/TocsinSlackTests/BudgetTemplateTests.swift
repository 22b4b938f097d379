import Foundation
import Testing
import TocsinApp
import TocsinCore
import TocsinSlack

/// The error-budget messages as Slack shows them: the live line in the issue's exact words, the policy
/// notice with its incidents (titles escaped once) and the weekly digest.
@Suite struct BudgetTemplateTests {
    let view = IncidentView(
        number: 3, title: "Card payments failing", severity: "SEV1", severitySummary: "Major degradation",
        service: "checkout", tier: 1, state: "investigating", commander: "U1", declaredBy: "U1",
        updateEvery: "30 minutes", checkInWithin: "30 minutes", impactedServices: []
    )

    private func render(_ content: MessageContent) throws -> OutgoingMessage {
        let renderer = try TemplateRenderer(directory: TemplateRendererTests.templates)
        return try renderer.render(Post(target: .incidentChannel, view: view, content: content), incidentChannel: ChannelInfo(id: "C0INC", name: "inc-3"))
    }

    @Test func theLiveLineIsTheIssuesSentence() throws {
        let news = BudgetBurnNews(slo: "checkout-availability", window: "30-day", percent: 23, burned: "10.0", budget: "43.2", rest: "33", overspent: nil)
        #expect(try render(.budgetBurn(news)).text == "This incident has burned 23 % of checkout-availability's 30-day budget (10.0 of 43.2 min); at full impact the rest lasts 33 min.")
        #expect(try render(.budgetBurn(news)).text == news.sentence)
        let spent = BudgetBurnNews(slo: "checkout-availability", window: "30-day", percent: 104, burned: "45.0", budget: "43.2", rest: nil, overspent: "1.8")
        #expect(try render(.budgetBurn(spent)).text == spent.sentence)
    }

    @Test func thePolicyNoticeNamesTheIncidentsResponsible() throws {
        let news = BudgetPolicyNews(
            slo: "checkout-availability", service: "checkout", window: "rolling 30d", threshold: 50, percent: 57, consumed: "25.0", budget: "43.2",
            incidents: ["#1 Payments & <refunds> (20.0 min)", "#2 Slow (5.0 min)"], spent: false
        )
        #expect(try render(.budgetPolicy(news)).text == ":warning: *checkout* has used 57 % of checkout-availability's error budget (25.0 of 43.2 min, rolling 30d), past the 50 % line of its budget policy.\nIncidents responsible: #1 Payments &amp; &lt;refunds&gt; (20.0 min); #2 Slow (5.0 min)")
    }

    @Test func theDigestListsEachSLOOnItsOwnLine() throws {
        let news = BudgetDigestNews(from: "2027-01-08 09:00", to: "2027-01-15 09:00", lines: ["checkout-availability (checkout): 57 %", "search-availability (search): 0 %"])
        #expect(try render(.budgetDigest(news)).text == "*Weekly SLO review*, 2027-01-08 09:00 to 2027-01-15 09:00 UTC, worst first:\n• checkout-availability (checkout): 57 %\n• search-availability (search): 0 %")
    }

    /// The review is an announcement: it shows no incident's facts, and a quiet week says so before the SLOs.
    @Test func aQuietWeeksReviewRendersWithoutAnIncident() throws {
        let renderer = try TemplateRenderer(directory: TemplateRendererTests.templates)
        let news = BudgetDigestNews(from: "2027-01-08 09:00", to: "2027-01-15 09:00", lines: ["search & <checkout>: 0 %"], noIncidents: true)
        let message = try renderer.render(Announcement(channel: "sre-review", content: .budgetDigest(news)))
        #expect(message.text == "*Weekly SLO review*, 2027-01-08 09:00 to 2027-01-15 09:00 UTC, worst first:\n"
            + "No incidents this week: no SLO's error budget was burned.\n• search &amp; &lt;checkout&gt;: 0 %")
        #expect(message.buttons.isEmpty)
    }
}
