import Foundation
import GRDB
import Testing
import TocsinApp
import TocsinCore
@testable import TocsinStore
import TocsinTestSupport

/// Group commit writes a batch straight into one transaction and, when one write throws, writes the batch
/// again with each write in its own savepoint: the failing write is rolled back alone.
@Suite struct GroupCommitTests {
    struct Refused: Error {}

    @Test func aWriteThatThrowsIsRolledBackAloneAndTheRestOfItsBatchIsCommitted() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-group-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        // A pool, so the declarations' reads go on while the writer is held.
        let store = try AppDatabase(path: path)
        let planner = IncidentPlanner(configuration: Example.configuration)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let gate = Gate()
        // The first write holds the writer until every other write is queued, so they share the next batch.
        let holding = Task { try await store.write { _ in gate.hold() } }
        await gate.waitUntilHeld()
        let outcomes = await withTaskGroup(of: String.self, returning: [String].self) { group in
            for index in 0..<20 {
                group.addTask {
                    do {
                        let declared = try await store.declareIncident(requestID: "trigger-\(index)") { number in
                            planner.declare(IncidentDeclaration(severity: "SEV2", service: "checkout", title: "Incident \(index)"), number: number, userID: "U9", now: now)
                        }
                        return "declared #\(declared.incident.number)"
                    } catch {
                        return "failed: \(error)"
                    }
                }
            }
            group.addTask {
                do {
                    try await store.write { db in
                        try db.execute(sql: "CREATE TABLE half_done (x INTEGER)")
                        throw Refused()
                    }
                    return "written"
                } catch {
                    return "refused"
                }
            }
            while await store.writes.pendingCount < 21 { await Task.yield() }
            gate.open()
            return await group.reduce(into: []) { $0.append($1) }
        }
        try await holding.value
        #expect(outcomes.filter { $0 == "refused" }.count == 1)
        #expect(Set(outcomes.filter { $0.hasPrefix("declared") }) == Set((1...20).map { "declared #\($0)" }))
        #expect(try await store.incidentNumbers() == Array(1...20))
        let leftOver = try await store.read { db in try db.tableExists("half_done") }
        #expect(!leftOver, "the refused write's change was rolled back")
    }
}

/// A latch a write waits on, inside the writer, while the test queues more writes behind it.
private final class Gate: Sendable {
    private let held = DispatchSemaphore(value: 0)
    private let opened = DispatchSemaphore(value: 0)
    /// Called by the write: says it holds the writer, then waits for ``open()``.
    func hold() {
        held.signal()
        opened.wait()
    }
    func waitUntilHeld() async {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                self.held.wait()
                continuation.resume()
            }
        }
    }
    func open() { opened.signal() }
}
