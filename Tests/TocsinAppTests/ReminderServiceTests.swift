import Foundation
import Logging
import Testing
@testable import TocsinApp
import TocsinCore
import TocsinStore
import TocsinTestSupport

/// Overdue status updates, driven by a manual clock: a reminder fires when the update is due, once per
/// missed interval, and escalates (to the executive thread too) when another interval passes.
@Suite struct ReminderServiceTests {
    let clock = ManualClock()
    let bell = DeliveryWakeUp()

    /// SEV0 asks for an update every 15 minutes.
    static let interval: TimeInterval = 15 * 60

    func reminders(_ store: AppDatabase) -> ReminderService {
        ReminderService(configuration: Example.configuration, store: store, delivery: bell, now: clock.now, logger: Logger(label: "test"))
    }

    /// The reminder posts stored for incident #1, in order, with where they go.
    func reminderPosts(_ store: AppDatabase) async throws -> [(MessageTemplate, ChannelTarget)] {
        let reminding: Set<MessageTemplate> = [.reminder, .reminderEscalated, .execOverdue]
        return try await store.outboxEntries(incident: 1).compactMap { entry in
            guard case .post(let post) = entry.effect, reminding.contains(post.template) else { return nil }
            return (post.template, post.target)
        }
    }

    /// Whether the delivery service's doorbell rang (a ring is kept until someone waits for it).
    func bellRang() async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { [bell] in await bell.nextRing(); return true }
            group.addTask { try? await Task.sleep(for: .seconds(5)); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    @Test func nothingIsSentBeforeTheUpdateIsDue() async throws {
        try await withDeclaredIncident(severity: "SEV0", clock: clock) { store, _ in
            clock.advance(by: Self.interval - 1)
            await reminders(store).remindOverdue()
            let posts = try await reminderPosts(store)
            #expect(posts.isEmpty)
            #expect(try await store.incident(number: 1)?.missedUpdates == 0)
        }
    }

    @Test func aReminderFiresWhenTheUpdateIsDueAndWakesDelivery() async throws {
        try await withDeclaredIncident(severity: "SEV0", clock: clock) { store, _ in
            clock.advance(by: Self.interval)
            await reminders(store).remindOverdue()
            let posts = try await reminderPosts(store)
            #expect(posts.map(\.0) == [.reminder])
            #expect(posts.first?.1 == .incidentChannel)
            #expect(try await store.incident(number: 1)?.missedUpdates == 1)
            #expect(await bellRang(), "the reminder is delivered now, not at the next idle poll")
        }
    }

    @Test func aReminderFiresOnceHoweverManyPassesSeeIt() async throws {
        try await withDeclaredIncident(severity: "SEV0", clock: clock) { store, _ in
            let service = reminders(store)
            clock.advance(by: Self.interval)
            for _ in 0..<5 {
                await service.remindOverdue()
                clock.advance(by: 60)
            }
            let posts = try await reminderPosts(store)
            #expect(posts.map(\.0) == [.reminder])
        }
    }

    @Test func anUpdateOwedForHoursIsRemindedOnce() async throws {
        try await withDeclaredIncident(severity: "SEV0", clock: clock) { store, _ in
            clock.advance(by: 8 * Self.interval)  // e.g. the bot was down
            let service = reminders(store)
            await service.remindOverdue()
            await service.remindOverdue()
            let posts = try await reminderPosts(store)
            #expect(posts.map(\.0) == [.reminder])
        }
    }

    @Test func anotherMissedIntervalEscalatesToTheExecutiveThread() async throws {
        try await withDeclaredIncident(severity: "SEV0", clock: clock) { store, _ in
            let service = reminders(store)
            clock.advance(by: Self.interval)
            await service.remindOverdue()
            clock.advance(by: Self.interval - 1)
            await service.remindOverdue()
            #expect(try await reminderPosts(store).map(\.0) == [.reminder], "not escalated before the next interval passes")
            clock.advance(by: 1)
            await service.remindOverdue()
            let posts = try await reminderPosts(store)
            #expect(posts.map(\.0) == [.reminder, .reminderEscalated, .execOverdue])
            #expect(posts.last?.1 == .thread("exec-incidents"))
            #expect(try await store.incident(number: 1)?.missedUpdates == 2)
        }
    }
}
