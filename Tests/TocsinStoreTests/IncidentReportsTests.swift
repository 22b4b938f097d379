import Foundation
import GRDB
import Testing
import TocsinApp
import TocsinCore
import TocsinStore
import TocsinTestSupport

/// The query layer over the real store: reports across incidents read a few queries, not a few per incident.
@Suite struct IncidentReportsTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-reports-\(UUID().uuidString).sqlite").path
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let planner = IncidentPlanner(configuration: Example.configuration)

    /// Incident 1 (SEV1): U7 then U8 check in, it resolves, U7 answers the survey. Incident 2 (SEV2): nothing more.
    private func twoIncidents() async throws -> AppDatabase {
        let store = try AppDatabase(path: path)
        let planner = self.planner, now = self.now
        for (severity, title) in [(Severity("SEV1"), "Card payments failing"), (Severity("SEV2"), "Slow search")] {
            _ = try await store.declareIncident(requestID: nil) { number in
                planner.declare(IncidentDeclaration(severity: severity, service: "checkout", title: title), number: number, userID: "U9", now: now)
            }
        }
        for (user, seconds) in [("U7", 240.0), ("U8", 600.0)] {
            _ = try await store.recordCheckIn(incident: 1, userID: user, at: now.addingTimeInterval(seconds)) { incident, isFirst in
                planner.checkIn(incident, userID: user, isFirst: isFirst, now: now.addingTimeInterval(seconds))
            }
        }
        _ = try await store.updateIncident(number: 1, at: now.addingTimeInterval(3600), requestID: nil) { incident in
            planner.resolve(incident, summary: nil, by: "U9", now: now.addingTimeInterval(3600))
        }
        #expect(try await store.recordSurvey(SurveyResponse(userID: "U7", answers: ["went_well": "fast rollback"], submittedAt: now.addingTimeInterval(4000)), incident: 1))
        return store
    }

    @Test func historiesHoldEveryIncidentWithItsOwnCheckInsAndAnswers() async throws {
        let store = try await twoIncidents()
        let histories = try await store.incidentHistories()
        #expect(histories.map(\.incident.number) == [1, 2])
        #expect(histories[0].checkIns == [CheckIn(userID: "U7", at: now.addingTimeInterval(240)), CheckIn(userID: "U8", at: now.addingTimeInterval(600))])
        #expect(histories[0].survey.map(\.userID) == ["U7"])
        #expect(histories[0].incident.state == .resolved)
        #expect(histories[1].checkIns.isEmpty && histories[1].survey.isEmpty)
    }

    @Test func theKPIsCountEachIncidentUnderItsSeverity() async throws {
        let reports = IncidentReports(store: try await twoIncidents(), configuration: Example.configuration)
        let rows = try await reports.kpis().rows
        let sev1 = try #require(rows.first { $0.severity == "SEV1" })
        #expect(sev1.incidents == 1 && sev1.resolved == 1)
        #expect(sev1.medianTimeToAction == 240)
        #expect(sev1.checkedIn == 1 && sev1.checkInsWithinTarget == 1)
        // The commander and the two who checked in were asked; one answered.
        #expect(sev1.surveysAnswered == 1 && sev1.surveysAsked == 3)
        let sev2 = try #require(rows.first { $0.severity == "SEV2" })
        #expect(sev2.incidents == 1 && sev2.resolved == 0 && sev2.checkedIn == 0 && sev2.medianTimeToAction == nil)
    }

    @Test func thePostmortemFactsComeFromTheIncidentsRecord() async throws {
        let reports = IncidentReports(store: try await twoIncidents(), configuration: Example.configuration, now: { Date(timeIntervalSince1970: 1_800_005_000) })
        let facts = try #require(try await reports.postmortem(number: 1))
        #expect(facts.title == "Card payments failing")
        #expect(facts.responders == ["U7", "U8"])
        #expect(facts.timeToAction == "4 minutes")
        #expect(facts.surveyCompletion == "1 of 3 participants")
        #expect(try await reports.postmortem(number: 9) == nil)
    }

    @Test func openActionItemsAreOverdueFirstAcrossIncidents() async throws {
        let store = try await twoIncidents()
        let planner = self.planner, now = self.now
        for (incident, due) in [(2, "2027-03-01"), (1, "2027-01-01")] {
            _ = try await store.addActionItem(incident: incident, at: now, requestID: nil) { current, id in
                planner.addAction(ActionRequest(owner: "U7", text: "Item on \(incident)", due: due), id: id, by: "U9", in: current, now: now)
            }
        }
        let reports = IncidentReports(store: store, configuration: Example.configuration, now: { Date(timeIntervalSince1970: 1_800_000_000) })
        #expect(reports.today == "2027-01-15")
        #expect(try await reports.openActionItems().map(\.incidentNumber) == [1, 2])
    }

    /// An outbox row written before posts had typed content still delivers the same message.
    @Test func anOutboxRowWrittenByAnEarlierVersionReadsBack() async throws {
        let store = try await twoIncidents()
        let legacy = #"{"post":{"_0":{"target":{"named":{"_0":"payments"}},"template":"status_ring","view":{"number":2,"title":"Slow search","severity":"SEV2","severitySummary":"Partial","service":"checkout","tier":1,"state":"identified","commander":"U9","declaredBy":"U9","updateEvery":"1 hour","checkInWithin":"1 hour","impactedServices":[],"age":"5 minutes","isResolved":false},"ring":"stakeholders","details":{"actor":"U9","state":"identified"},"texts":{"text":"Reindexing"}}}}"#
        let queue = try DatabaseQueue(path: path)
        let id = try await queue.write { db in
            let id = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM outbox WHERE incident_number = 2") ?? 0
            try db.execute(sql: "UPDATE outbox SET effect = ? WHERE id = ?", arguments: [legacy, id])
            return id
        }
        let entry = try #require(try await store.outboxEntries(incident: 2).first { $0.id == id })
        guard case .post(let post) = entry.effect else { Issue.record("not a post: \(entry.effect)"); return }
        #expect(post.target == .named("payments"))
        #expect(post.content == .statusRing(StatusNews(actor: "U9", state: .identified, text: "Reindexing")))
    }
}
