import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing
import TocsinTestSupport

@testable import TocsinApp

/// Delivery and reminders run only on the process that leads delivery (issue #13): a follower relays its
/// doorbell to the leader, a leader that loses its hold stops at once and waits to lead again, and a
/// leader shutting down gives leadership up once its services have stopped.
@Suite(.timeLimit(.minutes(1))) struct DeliveryLeadershipServiceTests {
    let leadership = ScriptedLeadership()
    let delivery = StandInService()
    let bell = DeliveryWakeUp()

    /// Runs the service in a service group (as `tocsin serve` does) around `body`, then shuts it down gracefully.
    func running(chat: RecordingChat? = nil, _ body: () async throws -> Void) async throws {
        let service = DeliveryLeadershipService(
            leadership: leadership, services: [delivery], wakeUp: bell, chat: chat, historyInterval: .milliseconds(10), logger: Logger(label: "test")
        )
        let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await body()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func aFollowerDeliversNothingAndTellsTheLeaderWhenItStoresWork() async throws {
        try await running {
            #expect(await eventually { leadership.waitingToLead })
            bell.wake()
            #expect(await eventually { leadership.announcements == 1 }, "the follower's doorbell is relayed to the leader")
            bell.wake()
            #expect(await eventually { leadership.announcements == 2 })
            #expect(delivery.starts == 0, "a follower never runs delivery or reminders")
        }
        #expect(delivery.starts == 0)
        #expect(leadership.closes == 1, "a follower shutting down lets go of its connection")
    }

    @Test func theLeaderRunsDeliveryAndRingsItsBellWhenAnotherProcessStoresWork() async throws {
        try await running {
            #expect(await eventually { leadership.waitingToLead })
            leadership.grant()
            #expect(await eventually { delivery.running })
            #expect(!bell.hasPendingRing)
            leadership.announceFromElsewhere()
            #expect(await eventually { bell.hasPendingRing }, "another replica's work wakes this leader's delivery")
        }
        #expect(delivery.stops == 1)
        #expect(leadership.closes == 1, "a leader shutting down lets leadership go, after its services stopped")
    }

    @Test func aLeaderThatLosesItsHoldStopsAtOnceAndWaitsToLeadAgain() async throws {
        try await running {
            #expect(await eventually { leadership.waitingToLead })
            leadership.grant()
            #expect(await eventually { delivery.running })
            leadership.loseTerm()
            #expect(await eventually { !delivery.running && leadership.waitingToLead }, "delivery stopped and the process waits to lead")
            #expect(delivery.stops == 1)
            #expect(leadership.leadAttempts == 2)
            bell.wake()
            #expect(await eventually { leadership.announcements == 1 }, "while it follows again, its work goes to the new leader")
            leadership.grant()
            #expect(await eventually { delivery.running })
            #expect(delivery.starts == 2)
        }
        #expect(leadership.closes == 1, "leadership is let go once, at shutdown")
    }

    @Test func aNewLeaderCountsTheCallsTheLastLeaderKeptAndKeepsItsOwn() async throws {
        let chat = RecordingChat()
        let earlier = CallHistory(calls: ["conversations.create": [Date(timeIntervalSince1970: 1_800_000_000)]])
        let mine = CallHistory(calls: ["chat.postMessage:C1": [Date(timeIntervalSince1970: 1_800_000_010)]])
        leadership.handOver(earlier)
        chat.setCallHistory(mine)
        try await running(chat: chat) {
            #expect(await eventually { leadership.waitingToLead })
            #expect(chat.adoptedHistories.isEmpty, "a follower makes no calls and adopts nothing")
            leadership.grant()
            #expect(await eventually { delivery.running })
            #expect(chat.adoptedHistories == [earlier], "the last leader's calls count before this one's first")
            #expect(await eventually { leadership.kept.last == mine }, "the leader keeps its calls for whoever comes next")
        }
    }

    @Test func oneProcessOnItsOwnStoreLeadsFromTheStart() async throws {
        let service = DeliveryLeadershipService(leadership: SoleDeliveryLeadership(), services: [delivery], wakeUp: bell, logger: Logger(label: "test"))
        let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            #expect(await eventually { delivery.running })
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(delivery.starts == 1 && delivery.stops == 1)
    }
}

/// A leadership the test grants and takes away by hand, counting what the service asked of it.
final class ScriptedLeadership: DeliveryLeadership {
    private struct State {
        var waiter: CheckedContinuation<any DeliveryTerm, any Error>?
        var leadAttempts = 0
        var announcements = 0
        var closes = 0
        var term: Term?
        var kept: [CallHistory] = []
        var handedOver = CallHistory()
    }

    private let state = Mutex(State())

    var waitingToLead: Bool { state.withLock { $0.waiter != nil } }
    var leadAttempts: Int { state.withLock { $0.leadAttempts } }
    var announcements: Int { state.withLock { $0.announcements } }
    var closes: Int { state.withLock { $0.closes } }
    var kept: [CallHistory] { state.withLock { $0.kept } }

    /// The history ``keptCallHistory()`` answers, as if an earlier leader had kept it.
    func handOver(_ history: CallHistory) {
        state.withLock { $0.handedOver = history }
    }

    func keepCallHistory(_ history: CallHistory) async {
        state.withLock { $0.kept.append(history) }
    }

    func keptCallHistory() async -> CallHistory {
        state.withLock { $0.handedOver }
    }

    /// Waits for ``grant()``; throws `CancellationError` when cancelled first, as the port asks.
    func lead() async throws -> any DeliveryTerm {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let cancelled = state.withLock { state -> Bool in
                    state.leadAttempts += 1
                    guard !Task.isCancelled else { return true }
                    state.waiter = continuation
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    func announceWork() async {
        state.withLock { $0.announcements += 1 }
    }

    /// Ends the pending wait to lead with a new term.
    func grant() {
        let term = Term()
        let waiter = state.withLock { state in
            state.term = term
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: term)
    }

    /// Ends the current term, as a failed connection would.
    func loseTerm() {
        state.withLock { $0.term }?.events.yield(.lost)
    }

    /// Another process announces work to the leader.
    func announceFromElsewhere() {
        state.withLock { $0.term }?.events.yield(.announced)
    }

    func close() async {
        state.withLock { $0.closes += 1 }
    }

    final class Term: DeliveryTerm {
        enum Event { case announced, lost }

        let events: AsyncStream<Event>.Continuation
        private let stream: AsyncStream<Event>
        init() {
            (stream, events) = AsyncStream.makeStream(of: Event.self)
        }

        func hold(announced: @escaping @Sendable () -> Void) async {
            for await event in stream {
                switch event {
                case .announced: announced()
                case .lost: return
                }
            }
        }

    }
}

/// Stands in for the delivery service: runs until cancelled or shut down, counting its starts and stops.
final class StandInService: Service {
    private let counts = Mutex((starts: 0, stops: 0))

    var starts: Int { counts.withLock { $0.starts } }
    var stops: Int { counts.withLock { $0.stops } }
    var running: Bool { counts.withLock { $0.starts > $0.stops } }

    func run() async throws {
        counts.withLock { $0.starts += 1 }
        try? await gracefulShutdown()
        counts.withLock { $0.stops += 1 }
    }
}
