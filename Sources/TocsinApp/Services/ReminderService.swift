import Foundation
import Logging
import Metrics
import ServiceLifecycle
import TocsinCore

/// Reminds the commander (and comms lead) when a status update is overdue, escalating when another
/// interval passes. Due dates live in the store, so a reminder owed while the bot was down is sent
/// once, soon after it starts again.
public struct ReminderService: Service {
    private let configuration: TocsinConfiguration
    private let store: any IncidentStore
    private let delivery: DeliveryWakeUp
    private let interval: Duration
    private let now: @Sendable () -> Date
    private let logger: Logger
    private let sent = Counter(label: "tocsin_reminders_total")

    /// `interval` is how often the store is asked for overdue updates.
    public init(
        configuration: TocsinConfiguration, store: any IncidentStore, delivery: DeliveryWakeUp,
        interval: Duration = .seconds(5), now: @escaping @Sendable () -> Date = Date.init, logger: Logger
    ) {
        self.configuration = configuration
        self.store = store
        self.delivery = delivery
        self.interval = interval
        self.now = now
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await remindOverdue()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// Sends every reminder that is due now; one pass.
    func remindOverdue() async {
        let planner = IncidentPlanner(configuration: configuration)
        let at = now()
        do {
            for number in try await store.incidentsWithUpdateDue(at: at) {
                let outcome = try await store.updateIncident(number: number, at: at) { incident -> Result<Decision, NothingDue> in
                    planner.remindIfDue(incident, now: at).map { .success($0) } ?? .failure(NothingDue())
                }
                if case .success(let decision)? = outcome {
                    sent.increment()
                    delivery.wake()
                    logger.info("status update overdue; reminded", metadata: [
                        "incident_id": "\(number)", "missed_updates": "\(decision.incident.missedUpdates)",
                    ])
                }
            }
        } catch {
            logger.error("cannot check for overdue updates", metadata: ["error": "\(error)"])
        }
    }

    /// The incident was changed between the query and the update: no reminder is owed after all.
    struct NothingDue: Error {}
}

/// Described by what it is, not by the store and clients it holds.
extension ReminderService: CustomStringConvertible {
    public var description: String { "ReminderService" }
}
