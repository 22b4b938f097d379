import Foundation
import TocsinApp
import TocsinCore
import TocsinStore
import TocsinTestSupport

/// A fresh SQLite store for one test, holding incident #1 (SEV1 on checkout, declared by U05EXEC at the
/// clock's time); the file is removed afterwards.
func withDeclaredIncident<T>(
    severity: Severity = "SEV1", clock: ManualClock, _ body: (AppDatabase, Declaration) async throws -> T
) async throws -> T {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-app-\(UUID().uuidString).sqlite").path
    defer {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
    let store = try AppDatabase(path: path)
    let planner = IncidentPlanner(configuration: Example.configuration)
    let now = clock.date
    let declaration = try await store.declareIncident(requestID: nil) { number in
        planner.declare(IncidentDeclaration(severity: severity, service: "checkout", title: "Card payments failing"), number: number, userID: "U05EXEC", now: now)
    }
    return try await body(store, declaration)
}
