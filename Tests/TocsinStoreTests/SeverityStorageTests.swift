import Foundation
import GRDB
import Testing
import TocsinApp
import TocsinCore

@testable import TocsinStore

/// Severities are stored as their plain names, as they were while they were strings: rows written before
/// `Severity` existed read back, and a name that cannot be a severity is a readable error, never a trap.
@Suite struct SeverityStorageTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-severity-\(UUID().uuidString).sqlite").path

    /// A welcome post as the outbox held it while `IncidentView.severity` was a `String`.
    static let storedWelcome = #"""
        {"post":{"_0":{"target":{"incidentChannel":{}},"template":"welcome","view":{"number":1,"title":"Card payments failing",\#
        "severity":"SEV1","severitySummary":"Major","service":"checkout","tier":1,"state":"declared","commander":"U9",\#
        "declaredBy":"U9","updateEvery":"30 minutes","checkInWithin":"30 minutes","impactedServices":[],"age":"0 seconds",\#
        "isResolved":false},"details":{},"texts":{}}}}
        """#

    private func writeOldRows(severity: String) async throws {
        let queue = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(queue)
        try await queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO incident (number, title, severity, service, tier, state, commander, declared_by, declared_at)
                    VALUES (1, 'Card payments failing', ?, 'checkout', 1, 'declared', 'U9', 'U9', '2027-01-15 08:00:00.000');
                    INSERT INTO outbox (incident_number, lane, effect, needs_channel, status, not_before, created_at)
                    VALUES (1, 'incident-1', ?, 1, 'pending', '2027-01-15 08:00:00.000', '2027-01-15 08:00:00.000');
                    """,
                arguments: [severity, Self.storedWelcome]
            )
        }
    }

    @Test func anIncidentAndItsOutboxWrittenWhileSeveritiesWereStringsReadBack() async throws {
        try await writeOldRows(severity: "SEV1")
        let store = try AppDatabase(path: path)
        #expect(try await store.incident(number: 1)?.severity == Severity(rawValue: "SEV1"))
        let entry = try #require(try await store.outboxEntries(incident: 1).first)
        guard case .post(let post) = entry.effect else {
            Issue.record("the stored welcome reads back as a post")
            return
        }
        #expect(post.view.severity == Severity(rawValue: "SEV1"))
    }

    @Test func aSeverityIsWrittenAsItsPlainName() throws {
        let view = IncidentView(
            number: 1, title: "t", severity: "SEV1", severitySummary: "", service: nil, tier: 3, state: "declared",
            commander: "U9", declaredBy: "U9", updateEvery: "1 hour", checkInWithin: "1 hour", impactedServices: []
        )
        let json = try RecordJSON.column(view, "a view")
        #expect(json.contains(#""severity":"SEV1""#))
    }

    @Test func aStoredNameThatCannotBeASeverityIsAnErrorForThatRow() async throws {
        try await writeOldRows(severity: "not one word")
        let store = try AppDatabase(path: path)
        await #expect(throws: StoreError.self) { try await store.incident(number: 1) }
    }
}
