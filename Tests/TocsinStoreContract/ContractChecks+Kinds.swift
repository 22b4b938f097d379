import Foundation
import Testing
import TocsinApp
import TocsinCore

/// The contract's check on the kind of an incident record (an incident, or an on-call shift).
extension ContractChecks {
    /// A shift is stored and read back as a shift, by every read (by number, by channel, among the active and
    /// in the histories), through an update and once handed over; an incident stays an incident.
    func onCallShiftsKeepTheirKind() async throws {
        let planner = self.planner, at = now
        try await declare("A real incident")
        let shift = try await store.declareIncident(requestID: nil) { number in planner.startShift(number: number, owner: "U7", now: at) }.incident
        #expect(shift.kind == .oncallShift)
        try await store.setChannel(ChannelInfo(id: "C2", name: "oncall-2-2027-01-15"), forIncident: shift.number)

        #expect(try await store.incident(number: 1)?.kind == .incident)
        #expect(try await store.incident(number: shift.number)?.kind == .oncallShift)
        #expect(try await store.incident(channelID: "C2")?.kind == .oncallShift)
        #expect(try await store.activeIncidents().map(\.kind) == [.incident, .oncallShift])
        #expect(try await store.incidentHistories().map(\.incident.kind) == [.incident, .oncallShift])

        _ = try await store.updateIncident(number: shift.number, at: now, note("Disk alarms on db-3"))
        let summary = planner.handoffSummary(of: shift, to: "U8", timeline: [], incidents: [], actions: [], now: at)
        let handed = try await store.updateIncident(number: shift.number, at: now) { planner.handOff($0, summary: summary, by: "U7", now: at) }
        #expect(try handed?.get().incident.state == .resolved)
        let stored = try #require(try await store.incident(number: shift.number))
        #expect(stored.kind == .oncallShift)
        #expect(stored.state == .resolved)
        #expect(try await store.activeIncidents().map(\.number) == [1])
        #expect(try await store.timeline(incident: shift.number).map(\.kind) == [.declared, .note, .handoff])
    }
}
