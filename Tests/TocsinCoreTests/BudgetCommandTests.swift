import Testing
import TocsinCore
import TocsinTestSupport

/// `/incident impact …` and `/incident slo [service]` as typed, odd input included: every bad line gets
/// one sentence saying what to type instead.
@Suite struct BudgetCommandTests {
    let parser = CommandParser(catalog: Example.catalog, configuration: Example.configuration)

    @Test(arguments: [
        ("impact start", ImpactRequest.start(nil)),
        ("impact start 09:40", .start(ClockTime("09:40"))),
        ("impact END 7:05", .end(ClockTime("7:05"))),
        ("impact end", .end(nil)),
        ("impact partial", .level(.partial)),
        ("impact Degraded", .level(.degraded)),
        ("impact full", .level(.full)),
    ])
    func impactChangesParse(text: String, expected: ImpactRequest) {
        #expect(parser.parse(typed(text)) == .success(.inIncident(.impact(expected))))
    }

    @Test(arguments: ["25:99", "-1:00", "99999999999999999999:00", "9.40", "nine"])
    func anOddTimeIsRefusedWithTheWayToWriteIt(time: String) {
        #expect(parser.parse(typed("impact start \(time)")) == .failure(.badClockTime(time)))
        #expect(CommandError.badClockTime(time).message(command: "/incident")
            == "`\(time)` is not a time of day; write it as HH:MM in UTC, from 00:00 to 23:59, e.g. `/incident impact start 09:40`.")
    }

    @Test(arguments: ["impact", "impact sideways", "impact 09:40"])
    func animpactWithoutAChangeSaysWhatToType(text: String) {
        guard case .failure(.badImpact) = parser.parse(typed(text)) else {
            Issue.record("\(text) was not refused as a bad impact change")
            return
        }
    }

    @Test func sloTakesAnOptionalCatalogService() {
        #expect(parser.parse(typed("slo")) == .success(.anywhere(.slo(service: nil))))
        #expect(parser.parse(typed("slo CHECKOUT")) == .success(.anywhere(.slo(service: "checkout"))))
        #expect(parser.parse(typed("slo billing")) == .failure(.unknownService("billing", known: ["checkout", "payments-api", "storefront", "reports"])))
    }
}
