import Foundation
import Logging
import TocsinCore

/// What every handler works with, built once at start-up: the configuration and the planner and
/// permissions made from it, the store, the delivery doorbell, the clock and the logger.
struct HandlerContext: Sendable {
    let configuration: TocsinConfiguration
    /// Decides what each change means; built once from the configuration.
    let planner: IncidentPlanner
    let permissions: Permissions
    let store: any IncidentStore
    /// Rung after a change that queued chat work in the outbox.
    let delivery: DeliveryWakeUp
    let now: @Sendable () -> Date
    let logger: Logger

    init(configuration: TocsinConfiguration, store: any IncidentStore, delivery: DeliveryWakeUp, now: @escaping @Sendable () -> Date, logger: Logger) {
        self.configuration = configuration
        self.planner = IncidentPlanner(configuration: configuration)
        self.permissions = Permissions(configuration: configuration)
        self.store = store
        self.delivery = delivery
        self.now = now
        self.logger = logger
    }

    /// Today's date in UTC (`YYYY-MM-DD`), by the clock: what decides whether an action item is overdue.
    func today() -> String {
        String(TimelineText.utc(now()).prefix(10))
    }
}
