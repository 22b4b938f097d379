import Foundation
import Testing
@testable import TocsinApp
import TocsinCore

/// `/incident impact …` and `/incident slo` through the router: the change lands in the timeline, a
/// contradiction is refused with the time already set, and nothing configured says how to configure it.
@Suite struct BudgetHandlerTests {
    @Test func anImpactChangeIsATimelineEntryAndTheReplySaysWhen() async throws {
        let harness = try HandlerHarness()
        try await harness.declareIncident()
        // The harness's clock reads 08:00 UTC.
        let intent = await harness.router.route(harness.request("impact start 07:40"))
        guard case .impactChanged(1, let change) = intent else {
            Issue.record("not recorded: \(intent)")
            return
        }
        #expect(harness.wording.text(intent).plainText == "Impact of #1 now starts at 2027-01-15 07:40 UTC; it burns the service's error budget from then.")
        #expect(change.kind == .start)
        let entries = try await harness.store.timeline(incident: 1).compactMap(ImpactChange.init)
        #expect(entries.map(\.at) == [HandlerHarness.start.addingTimeInterval(-20 * 60)])

        let refused = await harness.router.route(harness.request("impact end 07:30"))
        #expect(refused == .impactRefused(.endNotAfterStart(start: HandlerHarness.start.addingTimeInterval(-20 * 60))))
        #expect(try await harness.store.timeline(incident: 1).compactMap(ImpactChange.init).count == 1, "a refusal records nothing")
    }

    @Test func onlyThoseWhoMayChangeTheIncidentMoveItsImpact() async throws {
        let harness = try HandlerHarness()
        try await harness.declareIncident()
        let intent = await harness.router.route(harness.request("impact start 07:00", by: HandlerHarness.stranger))
        guard case .refused(.notAllowed(.changeImpact, 1, _, _)) = intent else {
            Issue.record("not refused: \(intent)")
            return
        }
        #expect(try await harness.store.timeline(incident: 1).filter { $0.kind == .impact }.isEmpty)
    }

    @Test func aReplayedImpactChangeIsMadeOnce() async throws {
        let harness = try HandlerHarness()
        try await harness.declareIncident()
        let request = harness.request("impact partial", requestID: "command:impact-once")
        _ = await harness.router.route(request)
        #expect(await harness.router.route(request) == .alreadyDone(incident: 1))
        #expect(try await harness.store.timeline(incident: 1).filter { $0.kind == .impact }.count == 1)
    }

    @Test func withoutSLOsTheReportSaysHowToAddOne() async throws {
        let harness = try HandlerHarness()
        let intent = await harness.router.route(harness.request("slo checkout", in: HandlerHarness.otherChannel))
        #expect(intent == .errorBudgets([], service: "checkout"))
        #expect(harness.wording.text(intent).plainText == "No SLO is configured for checkout; add one under `slos:` in the configuration.")
    }
}
