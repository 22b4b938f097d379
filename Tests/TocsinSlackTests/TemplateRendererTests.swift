import Foundation
import Testing
import TocsinApp
import TocsinCore
import TocsinSlack

@Suite struct TemplateRendererTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let templates = repository.appendingPathComponent("templates").path

    let view = IncidentView(
        number: 12, title: "Card <payments> & \"refunds\" failing", severity: "SEV1", severitySummary: "Major degradation",
        service: "checkout", tier: 1, state: "declared", commander: "U09DECLARER", declaredBy: "U09DECLARER",
        updateEvery: "30 minutes", checkInWithin: "30 minutes", impactedServices: ["storefront"]
    )

    /// What people wrote reaches a ring as they wrote it: text escaped once, the link and the mention live.
    @Test func aStatusWithALinkAndAMentionIsWrittenOnceForSlack() throws {
        let renderer = try TemplateRenderer(directory: Self.templates)
        let status = RichText(parts: [
            .text("Rolled back & <watching>, see "), .link(url: "https://grafana.example.com/d/x?a=1&b=2", label: "dash"),
            .text(" — "), .user(id: "U0DANA", name: "dana"),
        ])
        var changed = view
        changed.latestStatus = status
        let ring = try renderer.render(
            Post(target: .named("payments"), view: changed, content: .statusRing(StatusNews(actor: "U09DECLARER", state: .identified, text: status))),
            incidentChannel: ChannelInfo(id: "C0INC", name: "inc-12")
        )
        #expect(ring.text == ":mega: *#12 SEV1* Card &lt;payments&gt; &amp; \"refunds\" failing — *identified*: Rolled back &amp; &lt;watching&gt;, see <https://grafana.example.com/d/x?a=1&amp;b=2|dash> — <@U0DANA> (<#C0INC>)")
        let root = try renderer.render(Post(target: .named("exec-incidents"), view: changed, content: .execRoot), incidentChannel: nil)
        #expect(([root.text] + root.sections).joined().contains("*Latest:* Rolled back &amp; &lt;watching&gt;, see <https://grafana.example.com/d/x?a=1&amp;b=2|dash>"))
    }

    /// A placeholder character in a plain value cannot pull rich text into the wrong place.
    @Test func aTitleCannotPoseAsRichText() throws {
        let renderer = try TemplateRenderer(directory: Self.templates)
        var sly = view
        sly.title = "x \u{E000}0\u{E001} y"
        let message = try renderer.render(
            Post(target: .named("payments"), view: sly, content: .statusRing(StatusNews(actor: "U09DECLARER", state: .identified, text: "ok"))),
            incidentChannel: ChannelInfo(id: "C0INC", name: "inc-12")
        )
        #expect(message.text.hasPrefix(":mega: *#12 SEV1* x 0 y — *identified*: ok"))
    }

    @Test func theWelcomeShowsTheFactsAndACheckInButton() throws {
        let renderer = try TemplateRenderer(directory: Self.templates)
        let message = try renderer.render(
            Post(target: .incidentChannel, view: view, content: .welcome),
            incidentChannel: ChannelInfo(id: "C0INC", name: "inc-12-checkout-card-payments-failing")
        )
        let all = ([message.text] + message.sections).joined(separator: "\n")
        #expect(message.text == ":rotating_light: *Incident #12: Card &lt;payments&gt; &amp; \"refunds\" failing*")
        #expect(all.contains("*Severity:* SEV1 (Major degradation)"))
        #expect(all.contains("*Service:* checkout (tier 1)"))
        #expect(all.contains("*Commander:* <@U09DECLARER>"))
        #expect(all.contains("every 30 minutes"))
        #expect(all.contains("*Also impacted:* storefront"))
        #expect(message.sections.count == 3)
        #expect(message.buttons == [MessageButton(actionID: MessageButton.checkInActionID, text: "Check in", value: "12", style: .primary)])
    }

    @Test func ringMessagesLinkTheIncidentChannel() throws {
        let renderer = try TemplateRenderer(directory: Self.templates)
        for content in [MessageContent.stakeholdersDeclared, .companyDeclared, .execRoot] {
            let message = try renderer.render(Post(target: .named("x"), view: view, content: content), incidentChannel: ChannelInfo(id: "C0INC", name: "inc-12"))
            #expect(message.text.contains("<#C0INC>"), "\(content)")
            #expect(message.text.contains("#12"), "\(content)")
            #expect(message.buttons.isEmpty)
        }
    }

    @Test func aMissingTemplateFailsAtStartUp() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(throws: RenderError.missingTemplate("welcome", directory: empty.path)) {
            try TemplateRenderer(directory: empty.path)
        }
    }
}

@Suite struct CheckedInTemplateTests {
    let view = IncidentView(
        number: 3, title: "t", severity: "SEV0", severitySummary: "", service: nil, tier: 3, state: "declared",
        commander: "U1", declaredBy: "U1", updateEvery: "15 minutes", checkInWithin: "5 minutes", impactedServices: []
    )

    private func render(_ checkIn: CheckInView) throws -> String {
        let renderer = try TemplateRenderer(directory: TemplateRendererTests.templates)
        return try renderer.render(Post(target: .incidentChannel, view: view, content: .checkedIn(checkIn)), incidentChannel: nil).text
    }

    @Test func theFirstCheckInShowsTheTimeToActionAgainstTheTarget() throws {
        let text = try render(CheckInView(userID: "U7", timeToAction: "6 minutes", target: "5 minutes", withinTarget: false, isFirst: true))
        #expect(text == ":white_check_mark: <@U7> checked in: first responder, 6 minutes after the declaration (*outside* the SEV0 target of 5 minutes).")
    }

    @Test func laterCheckInsAreShort() throws {
        let text = try render(CheckInView(userID: "U8", timeToAction: "9 minutes", target: "5 minutes", withinTarget: false, isFirst: false))
        #expect(text == ":white_check_mark: <@U8> checked in after 9 minutes.")
    }
}

/// Messages edited in place after the incident resolves, and the executive root with a long status.
@Suite struct EditedInPlaceTemplateTests {
    static let channel = ChannelInfo(id: "C0INC", name: "inc-12-checkout")

    static func view(resolved: Bool, status: RichText? = nil) -> IncidentView {
        IncidentView(
            number: 12, title: "Card payments failing", severity: "SEV1", severitySummary: "Major degradation",
            service: "checkout", tier: 1, state: resolved ? "resolved" : "declared", commander: "U1", declaredBy: "U1",
            updateEvery: "30 minutes", checkInWithin: "30 minutes", impactedServices: [], latestStatus: status,
            age: "2 hours 5 minutes", isResolved: resolved
        )
    }

    @Test func theResolvedWelcomeSaysSoAndOffersNoCheckIn() throws {
        let renderer = try TemplateRenderer(directory: TemplateRendererTests.templates)
        let message = try renderer.render(Post(target: .incidentChannel, view: Self.view(resolved: true), content: .welcome), incidentChannel: Self.channel)
        #expect(message.buttons.isEmpty)
        #expect(message.text == ":white_check_mark: *Incident #12: Card payments failing*")
        #expect(message.sections.last == "*Resolved* after 2 hours 5 minutes.")
        #expect(!message.sections.joined().contains("Check in"))
    }

    @Test func theExecutiveRootShowsAnExcerptOfALongStatus() throws {
        let renderer = try TemplateRenderer(directory: TemplateRendererTests.templates)
        let status = RichText(String(repeating: "Declines recovered. ", count: 225))
        let message = try renderer.render(Post(target: .named("exec-incidents"), view: Self.view(resolved: false, status: status), content: .execRoot), incidentChannel: Self.channel)
        #expect(message.text.contains("*Latest:* Declines recovered."))
        #expect(message.text.contains("… (cut; the full update is in this thread)"))
        #expect(message.text.count < 1500)
    }
}
