import Foundation
import Testing
import TocsinApp
import TocsinCore

/// The contract's check on drills (issue #15): the flag is stored with the incident and survives every read and change.
extension ContractChecks {
    func aDrillStaysADrill() async throws {
        let planner = self.planner, at = now
        let drill = try await store.declareIncident(requestID: nil) { number in
            planner.declare(IncidentDeclaration(severity: "SEV1", service: "checkout", title: "Practice", isDrill: true), number: number, userID: "U9", now: at)
        }
        let real = try await declare("Real")
        #expect(drill.incident.isDrill && !real.incident.isDrill)
        #expect(try await store.incident(number: drill.incident.number)?.isDrill == true)
        #expect(try await store.incident(number: real.incident.number)?.isDrill == false)
        #expect(try await store.activeIncidents().map(\.isDrill) == [true, false])
        // A change rewrites the row: the flag stays.
        _ = try await store.updateIncident(number: drill.incident.number, at: now.addingTimeInterval(60)) { incident in
            planner.postStatus(incident, state: .identified, text: "Rolling back", by: "U9", now: at.addingTimeInterval(60))
        }
        #expect(try await store.incident(number: drill.incident.number)?.isDrill == true)
        #expect(try await store.incidentHistories().map(\.incident.isDrill) == [true, false])
    }
}
