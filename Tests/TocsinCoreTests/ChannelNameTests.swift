import Testing
import TocsinCore

@Suite struct ChannelNameTests {
    @Test func followsThePrefixNumberServiceTitleShape() {
        let name = ChannelName.forIncident(prefix: "inc", number: 12, service: "checkout", title: "Card payments failing")
        #expect(name == "inc-12-checkout-card-payments-failing")
        #expect(ChannelName.isValid(name))
    }

    @Test(arguments: [
        ("Café crème: 50% errors!!", "inc-3-cafe-creme-50-errors"),
        ("DB   down -- again", "inc-3-db-down-again"),
        ("API/v2 5xx (EU-West)", "inc-3-api-v2-5xx-eu-west"),
        ("snake_case_job stuck", "inc-3-snake_case_job-stuck"),
        ("Ünïcödé ÅÄÖ", "inc-3-unicode-aao"),
        ("数据库故障", "inc-3"),
        ("🔥🔥🔥", "inc-3"),
    ])
    func slugsPunctuationAndUnicode(title: String, expected: String) {
        let name = ChannelName.forIncident(prefix: "inc", number: 3, service: nil, title: title)
        #expect(name == expected)
        #expect(ChannelName.isValid(name))
    }

    @Test func longTitlesAreCutAtAWordWithinEightyCharacters() {
        let title = String(repeating: "payment provider timeouts ", count: 10)
        let name = ChannelName.forIncident(prefix: "inc", number: 1234, service: "checkout", title: title)
        #expect(name.count <= 80)
        #expect(name.hasPrefix("inc-1234-checkout-payment-provider-timeouts"))
        #expect(!name.hasSuffix("-"))
        #expect(["payment", "provider", "timeouts"].contains { name.hasSuffix($0) })
    }

    @Test func collisionsAddASuffixAndStillFit() {
        let base = ChannelName.forIncident(prefix: "inc", number: 7, service: "checkout", title: "Card payments failing")
        #expect(ChannelName.variant(of: base, attempt: 1) == base)
        #expect(ChannelName.variant(of: base, attempt: 2) == base + "-2")
        let long = ChannelName.forIncident(prefix: "inc", number: 7, service: "checkout", title: String(repeating: "x", count: 200))
        #expect(long.count == 80)
        for attempt in [2, 10, 20] {
            let variant = ChannelName.variant(of: long, attempt: attempt)
            #expect(variant.count <= 80)
            #expect(variant.hasSuffix("-\(attempt)"))
            #expect(ChannelName.isValid(variant))
        }
    }

    @Test(arguments: [("Incidents", false), ("inc-1", true), ("inc 1", false), ("---", false), ("", false), (String(repeating: "a", count: 81), false), (String(repeating: "a", count: 80), true)])
    func validatesSlackRules(name: String, valid: Bool) {
        #expect(ChannelName.isValid(name) == valid)
    }
}
