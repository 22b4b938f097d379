import Foundation
import Testing
import TocsinCore
import TocsinStore
import TocsinTestSupport

@testable import TocsinApp

/// `/incident link` and `unlink` through the router: recorded on this incident with the work of recording it on
/// the other, refused with one sentence when it cannot be done, and a replayed request changes nothing.
@Suite struct LinkHandlerTests {
    @Test func linkingAndUnlinkingByHandAreRecordedHereAndMirroredThroughTheOutbox() async throws {
        let harness = try HandlerHarness()
        try await harness.declareIncident()
        _ = try await harness.declarations.declare(
            IncidentDeclaration(severity: "SEV2", service: "reports", title: "Exports fail"), request: harness.request("declare", in: HandlerHarness.otherChannel)
        )
        let outboxBefore = try await harness.store.outboxEntries(incident: 1).count

        #expect(await harness.router.route(harness.request("link 1")) == .linkRefused(.itself(1)))
        #expect(await harness.router.route(harness.request("link 9")) == .linkRefused(.noSuchIncident(9)))
        #expect(await harness.router.route(harness.request("unlink 2")) == .linkRefused(.notLinked(2)))
        #expect(try await harness.store.outboxEntries(incident: 1).count == outboxBefore, "a refusal queues nothing")

        let link = harness.request("link #2")
        #expect(await harness.router.route(link) == .linked(incident: 1, other: 2))
        #expect(await harness.router.route(link) == .alreadyDone(incident: 1))
        #expect(await harness.router.route(harness.request("link 2")) == .linkRefused(.alreadyLinked(2)))
        #expect(RelatedIncidents.links(in: try await harness.store.timeline(incident: 1)) == [2])
        let queued = try await harness.store.outboxEntries(incident: 1).dropFirst(outboxBefore).map(\.effect)
        #expect(queued.count == 2)
        guard case .related(.mirror(let other, let news, _))? = queued.last else {
            Issue.record("no mirror queued: \(queued)")
            return
        }
        #expect(other == 2)
        #expect(news.change == .linked && news.other.number == 1 && news.actor == HandlerHarness.commander)

        #expect(await harness.router.route(harness.request("unlink 2")) == .unlinked(incident: 1, other: 2))
        #expect(RelatedIncidents.links(in: try await harness.store.timeline(incident: 1)).isEmpty)
        #expect(harness.wording.text(.linkRefused(.alreadyLinked(2))).plainText == "This incident is already linked to #2; `/incident unlink 2` removes the link.")
    }
}
