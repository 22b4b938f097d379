import Foundation
import Testing
@testable import TocsinApp
import TocsinCore

@Suite struct ChangeHandlerTests {
    @Test func raisingTheSeverityIsStoredWithItsChatWork() async throws {
        let harness = try HandlerHarness()
        let incident = try await harness.declareIncident()
        let before = try await harness.store.outboxEntries(incident: 1).count

        let intent = try await harness.changes.severity("SEV0", of: incident, request: harness.request("severity SEV0"))

        #expect(intent == .severityChanged(incident: 1, severity: "SEV0"))
        #expect(harness.wording.text(intent).plainText == "#1 is now SEV0; the channel and the rings are being told.")
        #expect(try await harness.store.incident(number: 1)?.severity == "SEV0")
        #expect(try await harness.store.outboxEntries(incident: 1).count > before)
    }

    @Test func theSameSeverityAgainIsExplainedAndChangesNothing() async throws {
        let harness = try HandlerHarness()
        let incident = try await harness.declareIncident(severity: "SEV1")
        let before = try await harness.store.outboxEntries(incident: 1)

        let intent = try await harness.changes.severity("SEV1", of: incident, request: harness.request("severity SEV1"))

        #expect(intent == .notAllowedNow(.sameSeverity("SEV1")))
        #expect(try await harness.store.outboxEntries(incident: 1) == before)
    }

    @Test func someoneWithNoPartInTheIncidentIsRefused() async throws {
        let harness = try HandlerHarness()
        let incident = try await harness.declareIncident()
        let before = try await harness.store.timeline(incident: 1)

        let intent = try await harness.changes.status(.identified, text: "found it", of: incident, request: harness.request("status identified found it", by: HandlerHarness.stranger))

        guard case .refused(.notAllowed(.postStatus, incident: 1, _, suggestCheckIn: true)) = intent else {
            Issue.record("answered \(intent)")
            return
        }
        #expect(try await harness.store.timeline(incident: 1) == before)
        #expect(try await harness.store.incident(number: 1)?.latestStatus == nil)
    }

    @Test func aStatusUpdateIsStoredAsTheLatestStatus() async throws {
        let harness = try HandlerHarness()
        let incident = try await harness.declareIncident()
        let text = RichText("Bad deploy, rolling back")

        let intent = try await harness.changes.status(.identified, text: text, of: incident, request: harness.request("status identified x"))

        #expect(intent == .statusPosted(incident: 1, state: .identified))
        let stored = try #require(try await harness.store.incident(number: 1))
        #expect(stored.state == .identified)
        #expect(stored.latestStatus == text)
    }

    @Test func aRoleIsGivenAndSaidWithThePerson() async throws {
        let harness = try HandlerHarness()
        let incident = try await harness.declareIncident()

        let intent = try await harness.changes.role(.comms, userID: "U0DANA", of: incident, request: harness.request("role comms U0DANA"))

        #expect(intent == .roleGiven(incident: 1, role: .comms, userID: "U0DANA"))
        #expect(harness.wording.text(intent) == "\(user: "U0DANA") is now the comms lead for #1.")
        #expect(try await harness.store.incident(number: 1)?.commsLead == "U0DANA")
    }

    @Test func aNoteGoesIntoTheTimeline() async throws {
        let harness = try HandlerHarness()
        let incident = try await harness.declareIncident()
        harness.clock.advance(by: 60)

        let intent = try await harness.changes.note("Failover to eu-west started", in: incident, request: harness.request("note x", by: "U04SRE"))

        #expect(intent == .noted(incident: 1))
        let last = try #require(try await harness.store.timeline(incident: 1).last)
        #expect(last.text.plainText.contains("Failover to eu-west started"))
        #expect(last.actor == "U04SRE")
        #expect(last.at == HandlerHarness.start.addingTimeInterval(60))
    }

    @Test func pagingSaysWhoIsInvited() async throws {
        let harness = try HandlerHarness()
        let incident = try await harness.declareIncident()
        let intent = try await harness.changes.page(.user("U0DANA"), into: incident, request: harness.request("page U0DANA"))
        #expect(intent == .paging(incident: 1, target: .user("U0DANA")))
        #expect(harness.wording.text(intent) == "Inviting \(user: "U0DANA") into #1's channel.")
    }

    /// Issue #11: the resolve reply measured the age with `Date()`; it uses the injected clock.
    @Test func resolvingSaysHowLongItWasOpenByTheClock() async throws {
        let harness = try HandlerHarness()
        let incident = try await harness.declareIncident()
        harness.clock.advance(by: 65 * 60)

        let intent = try await harness.changes.resolve(incident, summary: "Rolled back", request: harness.request("resolve Rolled back"))

        #expect(intent == .resolved(incident: 1, age: "1 hour 5 minutes"))
        #expect(harness.wording.text(intent).plainText == "#1 is resolved after 1 hour 5 minutes; every ring that was told gets the closing note.")
        #expect(try await harness.store.incident(number: 1)?.state == .resolved)
        #expect(try await harness.changes.resolve(incident, summary: nil, request: harness.request("resolve")) == .notAllowedNow(.alreadyResolved(number: 1)))
    }

    @Test func aRepeatedRequestIsDoneOnce() async throws {
        let harness = try HandlerHarness()
        let incident = try await harness.declareIncident()
        let request = harness.request("note once", requestID: "command:same")
        #expect(try await harness.changes.note("once", in: incident, request: request) == .noted(incident: 1))
        let timeline = try await harness.store.timeline(incident: 1)

        let again = try await harness.changes.note("once", in: incident, request: request)

        #expect(again == .alreadyDone(incident: 1))
        #expect(harness.wording.text(again).plainText == "I already did that for this request on incident #1 (Slack sent it twice); nothing was done again.")
        #expect(try await harness.store.timeline(incident: 1) == timeline)
    }
}
