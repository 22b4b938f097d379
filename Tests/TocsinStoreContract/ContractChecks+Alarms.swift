import Foundation
import Testing
import TocsinApp
import TocsinCore

/// The contract's checks on alarms: outbox entries that are not handed out before they are due.
extension ContractChecks {
    private func isAlarm(_ entry: OutboxEntry) -> Bool {
        if case .alarm = entry.effect { true } else { false }
    }

    func alarmsWaitForTheirDueTime() async throws {
        try await declare()
        try await deliverChannelCreation()
        let alarm = try #require(try await store.outboxEntries(incident: 1).first(where: isAlarm))
        #expect(alarm.lane == .alarm(1, due: 1_800_001_800))
        #expect(abs(alarm.notBefore.timeIntervalSince(now.addingTimeInterval(1800))) < 0.001, "due when the check-in target passes")
        #expect(try await claim(at: 1799, limit: 20).allSatisfy { $0.id != alarm.id }, "not handed out a second early")
        let due = try #require(try await store.nextOutboxDueDate(after: now.addingTimeInterval(1)))
        #expect(abs(due.timeIntervalSince(now.addingTimeInterval(1800))) < 0.001, "the delivery service knows when to look again")
        #expect(try await claim(at: 1800, limit: 20).contains { $0.id == alarm.id }, "handed out once due, with the chat work still pending")

        // An alarm set by a change (the archive after a resolution) waits the same way, in a lane of its own.
        let archive = Alarm(due: now.addingTimeInterval(7 * 86_400), purpose: .archive(resolvedAt: now))
        _ = try await store.updateIncident(number: 1, at: now) { current -> Result<Decision, LifecycleError> in
            .success(Decision(incident: current, effects: [.alarm(archive)]))
        }
        let stored = try #require(try await store.outboxEntries(incident: 1).last)
        #expect(stored.effect == .alarm(archive))
        #expect(stored.lane == .alarm(1, due: 1_800_000_000 + 7 * 86_400))
        #expect(try await claim(Self.ownerB, at: 7 * 86_400 - 1, limit: 50).allSatisfy { $0.id != stored.id })
        #expect(try await claim(Self.ownerB, at: 7 * 86_400, limit: 50).contains { $0.id == stored.id })
    }
}
