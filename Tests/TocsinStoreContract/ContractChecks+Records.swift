import Foundation
import Testing
import TocsinApp
import TocsinCore

/// The contract's checks on the inbound-event log, the channel directory, and rows that cannot be read.
extension ContractChecks {
    func inboundEventsAreNewOnce() async throws {
        #expect(try await store.recordInboundEvent(id: "Ev1", at: now))
        #expect(try await store.recordInboundEvent(id: "Ev1", at: now) == false)
        #expect(try await store.recordInboundEvent(id: "Ev2", at: now))
        let store = self.store, now = self.now
        let firsts = try await withThrowingTaskGroup(of: Bool.self, returning: Int.self) { group in
            for _ in 0..<20 { group.addTask { try await store.recordInboundEvent(id: "Ev3", at: now) } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(firsts == 1, "of the same event recorded at once, exactly one is new")
    }

    /// Every kind of timeline entry is kept as written, with its key; error budgets read impact windows and
    /// the budget lines already told from these (`impact`, `budget`), so no store needs more for them.
    func everyTimelineKindIsKept() async throws {
        try await declare()
        let now = self.now
        let entries = TimelineEntry.Kind.allCases.enumerated().map { index, kind in
            TimelineEntry(at: now.addingTimeInterval(Double(index + 1)), kind: kind, actor: "U9", text: "\(kind.rawValue) happened", key: "\(kind.rawValue):key:\(index)")
        }
        let outcome = try await store.updateIncident(number: 1, at: now, requestID: "slo-burn:1:checkout-availability:10") { incident -> Result<Decision, Never> in
            .success(Decision(incident: incident, effects: [], timeline: entries + [entries[0]]))
        }
        #expect(outcome.value != nil)
        let stored = try await store.timeline(incident: 1).filter { $0.key.contains(":key:") }
        #expect(stored == entries)
        // The request id is the "told once" marker: the same notice is not stored twice.
        #expect(try await store.updateIncident(number: 1, at: now, requestID: "slo-burn:1:checkout-availability:10") { incident -> Result<Decision, Never> in
            .success(Decision(incident: incident, effects: [], timeline: [entries[1]]))
        } == .repeated(incident: 1))
        #expect(try await store.recordInboundEvent(id: "slo-policy:checkout-availability:50:rolling:1800000432", at: now))
        #expect(try await store.recordInboundEvent(id: "slo-policy:checkout-availability:50:rolling:1800000432", at: now) == false)
    }

    func theChannelDirectoryRemembersChannels() async throws {
        #expect(try await store.knownChannel(named: "payments") == nil)
        try await store.rememberChannel(ChannelInfo(id: "C7", name: "payments", creator: nil))
        #expect(try await store.knownChannel(named: "payments") == ChannelInfo(id: "C7", name: "payments"))
        try await store.rememberChannel(ChannelInfo(id: "C8", name: "payments", creator: "UBOT"))
        #expect(try await store.knownChannel(named: "payments") == ChannelInfo(id: "C8", name: "payments", creator: "UBOT"))
        #expect(try await store.knownChannel(named: "incidents") == nil)
    }

    func unreadableRowsAreErrors() async throws {
        try await declare("Damaged")
        try await declare("Intact")
        try await subject.corruptIncident(1)
        let read = await refusal { () async throws(StoreError) in _ = try await store.incident(number: 1) }
        guard case .corrupt? = read else {
            Issue.record("an unreadable incident is a .corrupt error, not \(String(describing: read))")
            return
        }
        #expect(try await store.incident(number: 2)?.title == "Intact")
        #expect(try await store.activeIncidents().map(\.number) == [2], "a list leaves the unreadable row out")

        let damaged = try #require(try await store.outboxEntries(incident: 2).first)
        try await subject.corruptOutboxEntry(damaged.id)
        #expect(try await store.outboxEntries(incident: 2).count == 8, "a list leaves the unreadable entry out")
        #expect(try await claim().allSatisfy { $0.id != damaged.id }, "an entry that cannot be read is never handed out")
    }
}

extension ContractChecks {
    func recordsStayWithTheirIncident() async throws {
        try await declare("First")
        try await declare("Second")
        let message = ChannelMessage(ts: "1800000100.000100", user: "U7", text: "p99 is up")
        try await store.recordMessage(message, incident: 1)
        try await store.recordMessage(ChannelMessage(ts: message.ts, user: "U7", text: "a retry"), incident: 1)
        #expect(try await store.message(ts: message.ts, incident: 1) == message, "a ts seen before is kept once")
        #expect(try await store.message(ts: message.ts, incident: 2) == nil)
        let edited = ChannelMessage(ts: message.ts, user: "U7", text: "p99 is up, see https://grafana.example.com/d/x")
        try await store.recordEditedMessage(edited, incident: 1)
        #expect(try await store.transcript(incident: 1) == [edited])

        try await store.recordRootMessage(incident: 2, channelName: "exec-incidents", channelID: "CEXEC", ts: "1800000000.000200")
        #expect(try await store.rootMessage(incident: 2, channelName: "exec-incidents") == RootMessage(channelID: "CEXEC", ts: "1800000000.000200"))
        #expect(try await store.rootMessage(incident: 1, channelName: "exec-incidents") == nil)
        #expect(try await store.incident(rootMessageTS: "1800000000.000200", channelID: "CEXEC")?.number == 2)

        let answers = SurveyResponse(userID: "U7", answers: ["went_well": "fast rollback"], submittedAt: now.addingTimeInterval(60))
        #expect(try await store.recordSurvey(answers, incident: 1))
        #expect(try await store.recordSurvey(answers, incident: 99) == false)
        #expect(try await store.surveyResponses(incident: 1) == [answers])
        let planner = self.planner, at = now.addingTimeInterval(30)
        _ = try await store.recordCheckIn(incident: 2, userID: "U8", at: at) { planner.checkIn($0, userID: "U8", isFirst: $1, now: at) }
        let histories = try await store.incidentHistories()
        #expect(histories.map(\.incident.number) == [1, 2])
        #expect(histories.map(\.survey) == [[answers], []])
        #expect(histories.map(\.checkIns) == [[], [CheckIn(userID: "U8", at: at)]])
    }
}
