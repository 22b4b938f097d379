import Testing
import TocsinCore
import TocsinTestSupport

@Suite struct RingPolicyTests {
    /// Every severity × tier of the example configuration, and the rings it reaches.
    @Test(arguments: [
        ("SEV0", 1, [Ring.responders, .stakeholders, .company, .executives]),
        ("SEV0", 2, [.responders, .stakeholders, .company, .executives]),
        ("SEV0", 3, [.responders, .stakeholders, .company, .executives]),
        ("SEV1", 1, [.responders, .stakeholders, .company, .executives]),
        ("SEV1", 2, [.responders, .stakeholders, .company]),
        ("SEV1", 3, [.responders, .stakeholders]),
        ("SEV2", 1, [.responders, .stakeholders]),
        ("SEV2", 2, [.responders, .stakeholders]),
        ("SEV2", 3, [.responders]),
    ])
    func reachesTheConfiguredRings(severity: Severity, tier: Int, expected: [Ring]) {
        #expect(Example.rings.rings(severity: severity, tier: tier) == Set(expected))
    }

    @Test func respondersAreAlwaysReached() {
        #expect(RingPolicy().rings(severity: "SEV4", tier: 9) == [.responders])
    }

    @Test func ringsOrderFromTheInnermost() {
        #expect(Ring.allCases.sorted() == [.responders, .stakeholders, .company, .executives])
    }
}
