import Logging
import Metrics
import ServiceLifecycle

/// Runs the delivery and reminder services only while this process leads delivery, so that replicas sharing
/// one store keep the chat platform's rate limits together and remind once.
///
/// While it does not lead, it waits for leadership and relays its own doorbell (rung when this process stores
/// work) to the leader. While it leads, the other processes' announcements ring the doorbell here. When
/// leadership is lost the services are cancelled at once: no new call starts, calls already made finish and
/// record their outcome (the delivery service runs each in a task of its own), and this process waits to lead
/// again. At shutdown leadership is let go once the services have stopped, so another process takes over.
///
/// The chat API's rate limits carry over a change of leader: a leader keeps its recent calls with the
/// leadership every second (``DeliveryLeadership/keepCallHistory(_:)``), and a new leader counts the kept ones
/// against its limits before it makes a call.
public struct DeliveryLeadershipService: Service {
    private let leadership: any DeliveryLeadership
    private let services: [any Service]
    private let wakeUp: DeliveryWakeUp
    private let chat: (any ChatAPI)?
    private let historyInterval: Duration
    private let logger: Logger
    private let leading = Gauge(label: "tocsin_delivery_leader")

    /// `services` (delivery, reminders) run while this process leads; `wakeUp` is the delivery service's doorbell;
    /// `chat`'s call history is kept every `historyInterval` while leading, and adopted from the last leader.
    public init(
        leadership: any DeliveryLeadership, services: [any Service], wakeUp: DeliveryWakeUp, chat: (any ChatAPI)? = nil,
        historyInterval: Duration = .seconds(1), logger: Logger
    ) {
        self.leadership = leadership
        self.services = services
        self.wakeUp = wakeUp
        self.chat = chat
        self.historyInterval = historyInterval
        self.logger = logger
        leading.record(0)
    }

    public func run() async throws {
        do {
            try await alternate()
        } catch {
            leading.record(0)
            await leadership.close()
            throw error
        }
        await leadership.close()
    }

    /// Follows until this process leads, leads until it loses leadership, and again, until shutdown.
    private func alternate() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            guard let term = try await follow() else { return }
            leading.record(1)
            logger.notice("this process leads delivery")
            let outcome = try await lead(term)
            leading.record(0)
            guard outcome == .lost else { return }
            logger.warning("this process lost delivery leadership; it delivers nothing until it leads again")
        }
    }

    private enum FollowEvent: Sendable {
        case leads(any DeliveryTerm)
        case shutdown
        case relayEnded
    }

    /// Waits for leadership, relaying this process's doorbell to the leader meanwhile; nil at shutdown.
    private func follow() async throws -> (any DeliveryTerm)? {
        try await withThrowingTaskGroup(of: FollowEvent.self) { group in
            group.addTask { .leads(try await leadership.lead()) }
            group.addTask {
                while !Task.isCancelled {
                    await wakeUp.nextRing()
                    guard !Task.isCancelled else { break }
                    await leadership.announceWork()
                }
                return .relayEnded
            }
            group.addTask {
                try? await gracefulShutdown()
                return .shutdown
            }
            while let event = try await group.next() {
                switch event {
                case .leads(let term):
                    group.cancelAll()
                    return term
                case .shutdown:
                    group.cancelAll()
                    return nil
                case .relayEnded:
                    continue
                }
            }
            return nil
        }
    }

    private enum TermOutcome: Equatable, Sendable {
        /// Leadership ended before the services did.
        case lost
        /// The services stopped (shutdown) while leadership was held.
        case servicesStopped
    }

    private enum TermEvent: Sendable {
        case lost
        case serviceStopped
        case historyKept
    }

    /// Runs the services until leadership is lost or they stop; a service's error is rethrown.
    private func lead(_ term: any DeliveryTerm) async throws -> TermOutcome {
        if let chat {
            await chat.adoptCallHistory(await leadership.keptCallHistory())
        }
        let outcome = try await withThrowingTaskGroup(of: TermEvent.self) { group -> TermOutcome in
            if let chat {
                let leadership = self.leadership
                let interval = historyInterval
                group.addTask {
                    var kept = CallHistory()
                    while !Task.isCancelled {
                        try? await Task.sleep(for: interval)
                        let history = await chat.callHistory()
                        if history != kept, !Task.isCancelled {
                            await leadership.keepCallHistory(history)
                            kept = history
                        }
                    }
                    return .historyKept
                }
            }
            for service in services {
                group.addTask {
                    try await service.run()
                    return .serviceStopped
                }
            }
            let wakeUp = self.wakeUp
            group.addTask {
                await term.hold { wakeUp.wake() }
                return .lost
            }
            var running = services.count
            while let event = try await group.next() {
                switch event {
                case .lost:
                    guard !Task.isCancelled else { return .servicesStopped }
                    // Stop at once: the services see cancellation; calls already made finish in their own tasks.
                    group.cancelAll()
                    while (try? await group.next()) != nil {}
                    return .lost
                case .historyKept:
                    continue
                case .serviceStopped:
                    running -= 1
                    // At shutdown the others finish their calls in flight; then the hold is no longer needed.
                    if running == 0 {
                        group.cancelAll()
                        while (try? await group.next()) != nil {}
                        return .servicesStopped
                    }
                }
            }
            return .servicesStopped
        }
        // Stopped while leading (shutdown): the next leader starts from this one's last calls.
        if outcome == .servicesStopped, let chat {
            await leadership.keepCallHistory(await chat.callHistory())
        }
        return outcome
    }
}

/// Described by what it is, not by the services it holds.
extension DeliveryLeadershipService: CustomStringConvertible {
    public var description: String { "DeliveryLeadershipService" }
}
