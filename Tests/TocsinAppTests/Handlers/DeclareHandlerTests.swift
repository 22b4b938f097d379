import Foundation
import Testing
@testable import TocsinApp
import TocsinCore

@Suite struct DeclareHandlerTests {
    @Test func declaringStoresTheIncidentWithItsChatWorkAndSaysWhatHappensNext() async throws {
        let harness = try HandlerHarness()
        let request = harness.request("declare", in: HandlerHarness.otherChannel)

        let intent = try await harness.declarations.declare(IncidentDeclaration(severity: "SEV1", service: "reports", title: "Reports are late"), request: request)

        guard case .declared(let declaration) = intent else { Issue.record("answered \(intent)"); return }
        #expect(declaration.incident.number == 1)
        let stored = try #require(try await harness.store.incident(number: 1))
        #expect(stored.title == "Reports are late")
        #expect(stored.severity == "SEV1")
        #expect(stored.commander == HandlerHarness.commander)
        #expect(stored.declaredAt == HandlerHarness.start)
        let queued = try await harness.store.outboxEntries(incident: 1).map(\.effect)
        #expect(queued.contains { if case .createIncidentChannel = $0 { true } else { false } })
        #expect(harness.wording.text(intent).plainText
            == "Declared incident #1, SEV1 on reports (tier 3): Reports are late. I'm opening its channel and inviting the responders now; you are the commander. Informing: stakeholders.")
    }

    @Test func theSameRequestAgainDeclaresNothingNew() async throws {
        let harness = try HandlerHarness()
        let request = harness.request("declare", in: HandlerHarness.otherChannel, requestID: "command:trigger-1")
        let declaration = IncidentDeclaration(severity: "SEV2", service: nil, title: "Something odd")
        _ = try await harness.declarations.declare(declaration, request: request)
        let entries = try await harness.store.outboxEntries(incident: 1).count

        #expect(try await harness.declarations.declare(declaration, request: request) == .alreadyDeclared(incident: 1))
        #expect(try await harness.store.activeIncidents().count == 1)
        #expect(try await harness.store.outboxEntries(incident: 1).count == entries)
    }
}
