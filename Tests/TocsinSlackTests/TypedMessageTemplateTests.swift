import Foundation
import Testing
import TocsinApp
import TocsinCore
import TocsinSlack

/// Typed message intents reach Slack's templates under the names the templates read; what the core
/// words to stand out is written in Slack's bold once, and escaped once.
@Suite struct TypedMessageTemplateTests {
    let view = IncidentView(
        number: 12, title: "Card payments failing", severity: "SEV0", severitySummary: "Critical customer-facing outage",
        service: "checkout", tier: 1, state: "investigating", commander: "U1", declaredBy: "U1",
        updateEvery: "15 minutes", checkInWithin: "5 minutes", impactedServices: []
    )

    private func render(_ content: MessageContent) throws -> OutgoingMessage {
        let renderer = try TemplateRenderer(directory: TemplateRendererTests.templates)
        return try renderer.render(Post(target: .incidentChannel, view: view, content: content), incidentChannel: ChannelInfo(id: "C0INC", name: "inc-12"))
    }

    @Test func aRaisedSeverityPointsUpAndListsTheNewlyInformedChannels() throws {
        let message = try render(.severityChanged(
            SeverityChange(previousSeverity: "SEV2", raised: true), actor: "U2", addedRings: ["incidents", "exec-incidents"], removedRings: []
        ))
        #expect(message.text == ":arrow_up: Severity raised from SEV2 to *SEV0* (Critical customer-facing outage) by <@U2>. Status updates are now due every 15 minutes. Now also informing #incidents, #exec-incidents.")
    }

    @Test func aLoweredSeverityPointsDown() throws {
        let message = try render(.severityRing(SeverityChange(previousSeverity: "SEV0", raised: false)))
        #expect(message.text.hasPrefix(":arrow_down: *#12 Card payments failing* was lowered from SEV0 to *SEV0*"))
    }

    @Test func anActionItemWithoutADueDateSaysNoneAndOffersDone() throws {
        let message = try render(.actionAdded(ActionItemAdded(id: 4, owner: "U5", text: "Alert on <declines>", due: nil, actor: "U1")))
        #expect(message.text == ":memo: Action item #4 for <@U5>: Alert on &lt;declines&gt;. Recorded by <@U1>; <@U5>, press *Done* when it is.")
        #expect(message.buttons == [MessageButton(actionID: MessageButton.actionDoneActionID, text: "Done", value: "4")])
    }

    @Test func aHiddenRingChannelGetsItsOwnNotice() throws {
        let message = try render(.ringChannelUnusable(UnusableRingChannel(channel: "payments", setting: "stakeholders_channel", problem: .hidden)))
        #expect(message.text.contains("#payments exists but I cannot see it"))
        #expect(!message.text.contains("is archived"))
    }

    @Test func theResolveMessageOffersTheSurveyAndQuotesTheSummaryOnce() throws {
        let message = try render(.resolved(Closing(actor: "U1", duration: "2 hours", summary: "Rolled back & <fine>")))
        #expect(message.text.hasPrefix(":white_check_mark: *#12 resolved* by <@U1> after 2 hours. Rolled back &amp; &lt;fine&gt;"))
        #expect(message.buttons == [MessageButton(actionID: MessageButton.retroSurveyActionID, text: "Retro survey", value: "12")])
    }

    @Test func strongWordsAreBoldAndEscapedOnce() {
        let text: RichText = "\(strong: "Open action items (2) & more"), overdue first"
        #expect(SlackMarkup.encode(text) == "*Open action items (2) &amp; more*, overdue first")
        #expect(text.plainText == "Open action items (2) & more, overdue first")
    }

    @Test func strongWordsSurviveStorage() throws {
        let text: RichText = "\(strong: "SEV1") \(user: "U1")"
        #expect(try JSONDecoder().decode(RichText.self, from: JSONEncoder().encode(text)) == text)
    }
}
