import Foundation
import Logging
import TocsinCore

/// What every handler works with, built once at start-up: the configuration and the planner and
/// permissions made from it, the store and the reads over it, the delivery doorbell, the clock and the logger.
struct HandlerContext: Sendable {
    let configuration: TocsinConfiguration
    /// Decides what each change means; built once from the configuration.
    let planner: IncidentPlanner
    let permissions: Permissions
    let store: any IncidentStore
    /// The reads shared with the CLI (postmortem facts, action-item lists, rings preview).
    let reports: IncidentReports
    /// Rung after a change that queued chat work in the outbox.
    let delivery: DeliveryWakeUp
    let now: @Sendable () -> Date
    let logger: Logger

    init(configuration: TocsinConfiguration, store: any IncidentStore, delivery: DeliveryWakeUp, now: @escaping @Sendable () -> Date, logger: Logger) {
        self.configuration = configuration
        self.planner = IncidentPlanner(configuration: configuration)
        self.permissions = Permissions(configuration: configuration)
        self.store = store
        self.reports = IncidentReports(store: store, configuration: configuration, now: now)
        self.delivery = delivery
        self.now = now
        self.logger = logger
    }
}
