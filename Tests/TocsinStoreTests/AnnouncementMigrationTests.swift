import Foundation
import GRDB
import Testing
import TocsinApp
import TocsinCore

@testable import TocsinStore

/// Migration v5 rebuilds the outbox so an entry may belong to no incident (an announcement such as the weekly
/// SLO review): the entries stored before keep their ids and read back, and no id is ever handed out twice,
/// since a posted message's marker names its entry's id.
@Suite struct AnnouncementMigrationTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-v4-\(UUID().uuidString).sqlite").path
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func entriesStoredBeforeKeepTheirIDsAndNoIDIsReused() async throws {
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let reaction = try RecordJSON.column(Effect.addReaction(ts: "1800000001.000100", name: "eyes"), "a test effect")
        do {
            let queue = try DatabaseQueue(path: path)
            try Migrations.migrator.migrate(queue, upTo: "v3: what people wrote is stored as rich text (JSON), mentions and links kept as values")
            try await queue.write { db in
                try db.execute(sql: """
                    INSERT INTO incident (number, title, severity, tier, state, commander, declared_by, declared_at)
                    VALUES (1, 'Old', 'SEV1', 1, 'investigating', 'U9', 'U9', '2027-01-15 08:00:00.000');
                    """)
                for _ in 1...3 {
                    try db.execute(sql: """
                        INSERT INTO outbox (incident_number, lane, effect, needs_channel, status, not_before, created_at)
                        VALUES (1, 'incident-1', ?, 0, 'pending', '2027-01-15 08:00:00.000', '2027-01-15 08:00:00.000')
                        """, arguments: [reaction])
                }
                // The newest entry is gone (as a pruned one would be): its id must still never come back.
                try db.execute(sql: "DELETE FROM outbox WHERE id = 3")
            }
        }
        let store = try AppDatabase(path: path)
        let kept = try await store.outboxEntries(incident: 1)
        #expect(kept.map(\.id) == [1, 2])
        #expect(kept.allSatisfy { $0.incidentNumber == 1 && $0.effect == .addReaction(ts: "1800000001.000100", name: "eyes") })

        let review = Announcement(channel: "sre-review", content: .budgetDigest(BudgetDigestNews(from: "a", to: "b", lines: [], noIncidents: true)))
        #expect(try await store.queueAnnouncements([review], onceKey: "slo-digest:1", at: now))
        let heads = try await store.claim(owner: OutboxOwner("test"), until: now.addingTimeInterval(60), limit: 10, now: now)
        let announced = try #require(heads.first { $0.incidentNumber == nil })
        #expect(announced.id == 4, "after 3, though 3 was deleted before the rebuild")
        #expect(heads.map(\.id) == [1, 4], "the incident's lane head and the announcement")
    }
}
