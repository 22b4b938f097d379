import Foundation
import GRDB
import Testing
import TocsinApp
import TocsinCore
import TocsinStore
import TocsinTestSupport

/// Issue #10: the store never writes what it cannot read back, never traps on a row it cannot read,
/// keeps its files to the bot's user, and carries out a request id's change once.
@Suite struct StoreHardeningTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-hardening-\(UUID().uuidString).sqlite").path
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let planner = IncidentPlanner(configuration: Example.configuration)
    let owner = OutboxOwner("delivery-under-test")

    private func declared() async throws -> AppDatabase {
        let store = try AppDatabase(path: path)
        let planner = self.planner
        let now = self.now
        _ = try await store.declareIncident(requestID: nil) { number in
            planner.declare(IncidentDeclaration(severity: "SEV1", service: "checkout", title: "Card payments failing"), number: number, userID: "U9", now: now)
        }
        return store
    }

    private func removeFiles() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    @Test(arguments: [Double.nan, .infinity, 1e300, -1, 1e12])
    func aDateThatCannotBeReadBackIsRefused(seconds: Double) async throws {
        defer { removeFiles() }
        let store = try await declared()
        let bad = Date(timeIntervalSince1970: seconds)
        await #expect(throws: StoreError.self) {
            _ = try await store.updateIncident(number: 1, at: now) { incident -> Result<Decision, LifecycleError> in
                .success(Decision(incident: incident, effects: [], timeline: [TimelineEntry(at: bad, kind: .evidence, actor: "U1", text: "x", key: "evidence:x")]))
            }
        }
        await #expect(throws: StoreError.unstorable("outbox entry 1 has a date that cannot be stored (\(seconds) seconds since 1970)")) {
            try await store.retryOutboxEntry(id: 1, owner: owner, notBefore: bad, reason: "429", settled: true)
        }
        #expect(try await store.timeline(incident: 1).count == 1)
        // Every entry keeps the time it was stored for (the check-in alarm, the time it is due).
        #expect(try await store.outboxEntries(incident: 1).allSatisfy { $0.notBefore == (OutboxEntry.notBefore(of: $0.effect) ?? now) })
    }

    /// Rows written by an earlier version with a date GRDB cannot read (what a `ts` of `nan` became).
    @Test func rowsThatCannotBeReadAreLeftOutInsteadOfTrapping() async throws {
        defer { removeFiles() }
        let store = try await declared()
        let note = planner.note("Failover started", by: "U1", in: try #require(try await store.incident(number: 1)), now: now)
        _ = try await store.updateIncident(number: 1, at: now) { _ -> Result<Decision, LifecycleError> in .success(note) }
        do {
            let queue = try DatabaseQueue(path: path)
            try await queue.write { db in
                for (index, seconds) in [Double.nan, 1e300, -1e20].enumerated() {
                    try db.execute(
                        sql: "INSERT INTO timeline_entry (incident_number, at, kind, actor, text, key) VALUES (1, ?, 'captured', 'U1', '\"poison\"', ?)",
                        arguments: [Date(timeIntervalSince1970: seconds).databaseValue, "poison:\(index)"])
                }
                try db.execute(sql: "INSERT INTO check_in (incident_number, user_id, checked_in_at) VALUES (1, 'U2', 'not a date')")
            }
            try queue.close()
        }
        let timeline = try await store.timeline(incident: 1)
        #expect(timeline.map(\.kind) == [.declared, .note])
        #expect(try await store.checkIns(incident: 1).isEmpty)

        // An incident row that cannot be read is a typed error on its own, and left out of the list.
        try await DatabaseQueue(path: path).write { db in try db.execute(sql: "UPDATE incident SET declared_at = 'garbage' WHERE number = 1") }
        await #expect(throws: StoreError.self) { _ = try await store.incident(number: 1) }
        #expect(try await store.activeIncidents().isEmpty)
        #expect(try await AppDatabase(path: path).timeline(incident: 1).count == 2)
    }

    /// The SQLite files were created world-readable (0644).
    @Test func theDatabaseFilesAreTheBotUsersAlone() async throws {
        defer { removeFiles() }
        let store = try await declared()
        #expect(try await store.incidentNumbers() == [1])
        for suffix in ["", "-wal", "-shm"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: path + suffix)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(suffix)")
        }
    }

    @Test func aFileLeftWorldReadableIsNarrowedWhenOpened() async throws {
        defer { removeFiles() }
        _ = try await declared()
        for suffix in ["", "-wal", "-shm"] { _ = chmod(path + suffix, 0o644) }
        _ = try AppDatabase(path: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    /// Replaying a signed note or status recorded and posted it twice.
    @Test func aRequestIDChangesAnIncidentOnce() async throws {
        defer { removeFiles() }
        let store = try await declared()
        let planner = self.planner
        let now = self.now
        func note(_ second: Double) -> @Sendable (Incident) -> Result<Decision, LifecycleError> {
            { .success(planner.note("Note \(second)", by: "U1", in: $0, now: now.addingTimeInterval(second))) }
        }
        let first = try await store.updateIncident(number: 1, at: now, requestID: "command:1.2.note", note(1))
        #expect(first.value != nil)
        #expect(try await store.updateIncident(number: 1, at: now, requestID: "command:1.2.note", note(2)) == .repeated(incident: 1))
        #expect(try await store.updateIncident(number: 1, at: now, requestID: "command:1.3.note", note(3)).value != nil)

        // A refused change records nothing, so the same request may be made again.
        let refused: @Sendable (Incident) -> Result<Decision, LifecycleError> = { _ in .failure(.sameSeverity("SEV1")) }
        #expect(try await store.updateIncident(number: 1, at: now, requestID: "command:1.4", refused) == .done(.failure(.sameSeverity("SEV1"))))
        #expect(try await store.updateIncident(number: 1, at: now, requestID: "command:1.4", note(4)).value != nil)

        let checkIn: @Sendable (Incident, Bool) -> Decision = { planner.checkIn($0, userID: "U7", isFirst: $1, now: now) }
        #expect(try await store.recordCheckIn(incident: 1, userID: "U7", at: now, requestID: "command:1.5", checkIn) == .done(.recorded(isFirst: true)))
        #expect(try await store.recordCheckIn(incident: 1, userID: "U7", at: now, requestID: "command:1.5", checkIn) == .repeated(incident: 1))

        let action: @Sendable (Incident, Int) -> (ActionItem, Decision) = {
            planner.addAction(ActionRequest(owner: "U7", text: "Add an alert", due: nil), id: $1, by: "U1", in: $0, now: now)
        }
        #expect(try await store.addActionItem(incident: 1, at: now, requestID: "command:1.6", action).value??.id == 1)
        #expect(try await store.addActionItem(incident: 1, at: now, requestID: "command:1.6", action) == .repeated(incident: 1))
        #expect(try await store.actionItems(incident: 1).count == 1)
        #expect(try await store.timeline(incident: 1).filter { $0.kind == .note }.count == 3)
    }
}
