import Foundation
import GRDB
import Testing
import TocsinApp
import TocsinCore

@testable import TocsinStore
import TocsinTestSupport

/// What people wrote keeps its mentions and links in the database, and text stored before that still reads back.
@Suite struct RichTextStorageTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-rich-\(UUID().uuidString).sqlite").path
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func richTextRoundTripsThroughTheTimelineTranscriptAndStatus() async throws {
        let store = try AppDatabase(path: path)
        let planner = IncidentPlanner(configuration: Example.configuration)
        let now = self.now
        _ = try await store.declareIncident(requestID: nil) { number in
            planner.declare(IncidentDeclaration(severity: "SEV1", service: "checkout", title: "Fees & <refunds>"), number: number, userID: "U9", now: now)
        }
        let status = RichText(parts: [.text("see "), .link(url: "https://grafana.example.com/d?a=1&b=2", label: "dash"), .text(" "), .user(id: "U1", name: "dana")])
        _ = try await store.updateIncident(number: 1, at: now) { incident in planner.postStatus(incident, state: .identified, text: status, by: "U9", now: now) }
        let message = ChannelMessage(ts: "1800000001.000100", user: "U1", text: status)
        try await store.recordMessage(message, incident: 1)

        let incident = try #require(try await store.incident(number: 1))
        #expect(incident.title == "Fees & <refunds>")
        #expect(incident.latestStatus == status)
        #expect(try await store.timeline(incident: 1).last?.text == "identified: \(status)")
        #expect(try await store.message(ts: message.ts, incident: 1) == message)
    }

    @Test func textStoredBeforeMigrationThreeReadsBackAsItWasWritten() async throws {
        do {
            let queue = try DatabaseQueue(path: path)
            try Migrations.migrator.migrate(queue, upTo: "v2: outbox indexes that keep the delivery queries fast with a large backlog")
            try await queue.write { db in
                try db.execute(sql: """
                    INSERT INTO incident (number, title, severity, tier, state, commander, declared_by, declared_at, latest_status)
                    VALUES (1, 'Old', 'SEV1', 1, 'identified', 'U9', 'U9', '2027-01-15 08:00:00.000', '["not", "json"] & <done>');
                    INSERT INTO timeline_entry (incident_number, at, kind, actor, text, key) VALUES (1, '2027-01-15 08:00:00.000', 'note', 'U9', '"quoted" note', 'note:1');
                    INSERT INTO transcript_message (incident_number, ts, user_id, text) VALUES (1, '1800000001.000100', 'U1', 'plain <https://x.example.com>');
                    """)
            }
        }
        let store = try AppDatabase(path: path)
        #expect(try await store.incident(number: 1)?.latestStatus == RichText(#"["not", "json"] & <done>"#))
        #expect(try await store.timeline(incident: 1).first?.text == RichText(#""quoted" note"#))
        #expect(try await store.message(ts: "1800000001.000100", incident: 1)?.text == RichText("plain <https://x.example.com>"))
    }
}
