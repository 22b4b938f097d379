import Testing
import TocsinCore

/// The latest status as the executive root shows it: whole when short, cut with a note when long.
@Suite struct StatusExcerptTests {
    static func view(status: RichText?) -> IncidentView {
        IncidentView(
            number: 1, title: "t", severity: "SEV1", severitySummary: "", service: nil, tier: 3, state: "identified",
            commander: "U1", declaredBy: "U1", updateEvery: "30 minutes", checkInWithin: "30 minutes", impactedServices: [],
            latestStatus: status
        )
    }

    @Test func aShortStatusIsShownWhole() {
        #expect(Self.view(status: nil).latestStatusExcerpt == nil)
        let exact = String(repeating: "a", count: IncidentView.statusExcerptLimit)
        #expect(Self.view(status: RichText(exact)).latestStatusExcerpt == RichText(exact))
    }

    @Test func aLongStatusIsCutAtAWordWithANoteThatTheThreadHasIt() throws {
        let status = String(repeating: "Declines recovered. ", count: 225)  // 4,500 characters
        let excerpt = try #require(Self.view(status: RichText(status)).latestStatusExcerpt).plainText
        #expect(excerpt.hasSuffix("Declines recovered.… (cut; the full update is in this thread)"))
        let kept = excerpt.replacingOccurrences(of: "… (cut; the full update is in this thread)", with: "")
        #expect(kept.count <= IncidentView.statusExcerptLimit)
        #expect(status.hasPrefix(kept))
    }

    @Test func theCutIsNeverInsideALinkOrAMention() throws {
        let status = RichText(parts: [
            .text(String(repeating: "x", count: 990) + " "), .link(url: "https://grafana.example.com/d/payments", label: "the payments dashboard"),
            .text(" and more"),
        ])
        let excerpt = try #require(Self.view(status: status).latestStatusExcerpt)
        #expect(excerpt == RichText(String(repeating: "x", count: 990) + "… (cut; the full update is in this thread)"))
        let mentioned = RichText(parts: [.text(String(repeating: "y", count: 995) + " "), .user(id: "U0LONGNAME", name: "a-long-name"), .text(" more")])
        #expect(try #require(Self.view(status: mentioned).latestStatusExcerpt).mentionedUsers.isEmpty, "a mention is never cut in half")
    }
}
