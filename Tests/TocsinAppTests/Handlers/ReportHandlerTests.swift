import Foundation
import Testing
@testable import TocsinApp
import TocsinCore

@Suite struct ReportHandlerTests {
    @Test func theListHasTheActiveIncidentsOnly() async throws {
        let harness = try HandlerHarness()
        let first = try await harness.declareIncident()
        #expect(try await harness.reports.activeIncidents() == .activeIncidents([try #require(try await harness.store.incident(number: 1))]))
        _ = try await harness.changes.resolve(first, summary: nil, request: harness.request("resolve"))

        let intent = try await harness.reports.activeIncidents()

        #expect(intent == .activeIncidents([]))
        #expect(harness.wording.text(intent).plainText == "No active incidents. Declare one with `/incident declare [SEVn] [service] <title>`.")
    }

    @Test func theRingsSayWhoWasToldSoFar() async throws {
        let harness = try HandlerHarness()
        let incident = try await harness.declareIncident()
        let intent = harness.reports.rings(of: incident)
        guard case .rings(incident: 1, let preview, let told) = intent else { Issue.record("answered \(intent)"); return }
        #expect(preview == harness.context.planner.preview(service: "reports", severity: "SEV2"))
        #expect(told == incident.toldChannels.map(\.name))
        #expect(harness.wording.text(intent).parts.first == .strong("Rings for #1"))
    }

    @Test func theTimelineIsTheStoredOne() async throws {
        let harness = try HandlerHarness()
        let incident = try await harness.declareIncident()
        _ = try await harness.changes.note("Failover started", in: incident, request: harness.request("note x"))

        let intent = try await harness.reports.timeline(of: incident, page: 1)

        #expect(intent == .timeline(page: 1, of: incident, entries: try await harness.store.timeline(incident: 1)))
        #expect(harness.wording.text(intent).plainText.contains("Failover started"))
    }

    @Test func thePostmortemIsDraftedFromTheRecord() async throws {
        let harness = try HandlerHarness()
        let incident = try await harness.declareIncident(title: "Nightly reports are late")
        _ = try await harness.changes.note("Queue backed up", in: incident, request: harness.request("note x"))

        let intent = try await harness.reports.postmortem(of: incident)

        guard case .postmortem(let draft) = intent else { Issue.record("answered \(intent)"); return }
        #expect(draft.contains("Nightly reports are late"))
        #expect(draft.contains("Queue backed up"))
    }
}
