import Foundation
import GRDB
import Testing
import TocsinApp
import TocsinCore
import TocsinStore
import TocsinTestSupport

/// The schema's CHECK constraints were written by a migration that is never edited; the states the code
/// stores come from the core's enums. Every state must fit, or a change of state would fail at runtime.
@Suite struct SchemaTests {
    @Test(arguments: IncidentState.allCases)
    func everyIncidentStateIsStoredAndReadBack(_ state: IncidentState) async throws {
        let store = try AppDatabase(DatabaseQueue())
        let planner = IncidentPlanner(configuration: Example.configuration)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        _ = try await store.declareIncident(requestID: nil) { number in
            planner.declare(IncidentDeclaration(severity: "SEV1", service: nil, title: "States"), number: number, userID: "U9", now: now)
        }
        let outcome = try await store.updateIncident(number: 1, at: now) { incident -> Result<Decision, LifecycleError> in
            var changed = incident
            changed.state = state
            return .success(Decision(incident: changed, effects: []))
        }
        #expect(outcome != nil)
        #expect(try await store.incident(number: 1)?.state == state)
        #expect(try await store.activeIncidents().map(\.number) == (state.isActive ? [1] : []))
    }
}
