import Testing
import TocsinCore

/// The latest status as the executive root shows it: whole when short, cut with a note when long.
@Suite struct StatusExcerptTests {
    static func view(status: String?) -> IncidentView {
        IncidentView(
            number: 1, title: "t", severity: "SEV1", severitySummary: "", service: nil, tier: 3, state: "identified",
            commander: "U1", declaredBy: "U1", updateEvery: "30 minutes", checkInWithin: "30 minutes", impactedServices: [],
            latestStatus: status
        )
    }

    @Test func aShortStatusIsShownWhole() {
        #expect(Self.view(status: nil).latestStatusExcerpt == nil)
        let exact = String(repeating: "a", count: IncidentView.statusExcerptLimit)
        #expect(Self.view(status: exact).latestStatusExcerpt == exact)
    }

    @Test func aLongStatusIsCutAtAWordWithANoteThatTheThreadHasIt() throws {
        let status = String(repeating: "Declines recovered. ", count: 225)  // 4,500 characters
        let excerpt = try #require(Self.view(status: status).latestStatusExcerpt)
        #expect(excerpt.hasSuffix("Declines recovered.… (cut; the full update is in this thread)"))
        let kept = excerpt.replacingOccurrences(of: "… (cut; the full update is in this thread)", with: "")
        #expect(kept.count <= IncidentView.statusExcerptLimit)
        #expect(status.hasPrefix(kept))
    }

    @Test func theCutIsNeverInsideALinkOrAMention() throws {
        let status = String(repeating: "x", count: 990) + " <https://grafana.example.com/d/payments|the payments dashboard> and more"
        let excerpt = try #require(Self.view(status: status).latestStatusExcerpt)
        #expect(excerpt == String(repeating: "x", count: 990) + "… (cut; the full update is in this thread)")
    }
}
