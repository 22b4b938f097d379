import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Synchronization
import TocsinCore

/// Watches the error budgets where the cadence reminders run, on the same clock: tells an incident when it
/// has burned 10, 25, 50 and 100 % of its service's SLO budget, tells a service's stakeholders (and at
/// 100 % the executives) when its consumed budget crosses a budget-policy threshold, and posts the weekly
/// SLO review. Every post goes through the outbox with the change that records it was made, so each is made
/// once, whichever process or restart gets there first; a configuration without `slos:` does no work. It runs
/// only in the process that leads delivery (``DeliveryLeadership``), and the stored records keep it once even
/// when two processes briefly both think they lead.
public struct BudgetService: Service {
    private let configuration: TocsinConfiguration
    private let store: any IncidentStore
    private let delivery: DeliveryWakeUp
    private let interval: Duration
    private let now: @Sendable () -> Date
    private let logger: Logger
    /// Notices this process knows were made, so a budget that stays over a threshold costs no write per pass.
    private let made = MadeNotices()
    private let notices = Counter(label: "tocsin_budget_notices_total")

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
            await check()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// One pass: the live lines, the budget policy and the digest, as of now.
    func check() async {
        guard !configuration.slos.isEmpty else { return }
        let at = now()
        do {
            let reports = IncidentReports(store: store, configuration: configuration, now: { at })
            let impacts = try await reports.impacts(for: configuration.slos, at: at)
            let statuses = configuration.slos.compactMap { ErrorBudget.status(of: $0, impacts: impacts, now: at) }
            try await tellIncidents(statuses, at: at)
            try await applyPolicy(statuses, impacts: impacts, at: at)
            try await postDigest()
        } catch {
            logger.error("cannot check the error budgets", metadata: ["error": "\(error)"])
        }
    }

    /// The live line of each active incident that crossed a share of its SLO's budget it was not told about.
    private func tellIncidents(_ statuses: [BudgetStatus], at: Date) async throws(StoreError) {
        let planner = IncidentPlanner(configuration: configuration)
        for incident in try await store.activeIncidents() {
            let relevant = statuses.filter { $0.minutes(of: incident.number) > 0 }
            guard !relevant.isEmpty else { continue }
            let timeline = try await store.timeline(incident: incident.number)
            for status in relevant {
                let told = IncidentPlanner.toldBurnThresholds(slo: status.slo.name, timeline: timeline)
                guard let burn = planner.budgetBurn(incident, status: status, told: told, now: at) else { continue }
                let decision = burn.decision
                try await make("slo-burn:\(incident.number):\(status.slo.name):\(burn.threshold)", on: incident.number, at: at) { current in
                    Decision(incident: current, effects: decision.effects, timeline: decision.timeline)
                }
            }
        }
    }

    /// The budget policy: for each threshold reached, the highest first, one notice per window (rolling
    /// windows re-arm after recovering below); lower thresholds reached at the same time are marked told.
    private func applyPolicy(_ statuses: [BudgetStatus], impacts: [IncidentImpact], at: Date) async throws(StoreError) {
        let planner = IncidentPlanner(configuration: configuration)
        for status in statuses {
            let reached = status.reached(status.slo.budgetConsumed)
            guard let top = reached.last, let carrier = status.burns.map(\.number).max() else { continue }
            for threshold in reached.reversed() {
                guard let episode = BudgetCrossing.episode(of: status.slo, percent: threshold, impacts: impacts, now: at) else { continue }
                let id = "slo-policy:\(status.slo.name):\(threshold):\(episode)"
                if made.contains(id) { continue }
                if threshold == top {
                    try await make(id, on: carrier, at: at) { current in
                        Decision(incident: current, effects: planner.budgetPolicy(status, threshold: threshold, carrier: current, now: at))
                    }
                } else {
                    _ = try await store.recordInboundEvent(id: id, at: at)
                    made.insert(id)
                }
            }
        }
    }

    /// The weekly review of the week whose review is due now, queued once with its key recorded beside it.
    /// It stays due until the next one is (a week later), so a process that was down over the due time posts
    /// it when it is back; it belongs to no incident, so a week without incidents is reviewed too. Its
    /// figures are as of the due time, whenever it is made, so a late review says what a punctual one would.
    private func postDigest() async throws(StoreError) {
        guard let digest = configuration.digest else { return }
        let at = now()
        let week = digest.week(dueAt: at)
        guard !made.contains(week.onceKey) else { return }
        let reports = IncidentReports(store: store, configuration: configuration, now: { week.end })
        let impacts = try await reports.impacts(for: configuration.slos, at: week.end)
        let statuses = configuration.slos.compactMap { ErrorBudget.status(of: $0, impacts: impacts, now: week.end) }
        let review = IncidentPlanner(configuration: configuration).budgetDigest(statuses, impacts: impacts, week: week, channel: digest.channel)
        let queued = try await store.queueAnnouncements([review], onceKey: week.onceKey, at: at)
        made.insert(week.onceKey)
        guard queued else { return }
        notices.increment()
        delivery.wake()
        logger.info("weekly SLO review queued", metadata: [
            "notice": "\(week.onceKey)", "channel": "\(digest.channel)", "late_s": "\(Int(week.lateness(at: at)))",
        ])
    }

    /// Stores `decide`'s notice with `id` recorded beside it, in one transaction: a notice made before
    /// (by this process, another, or before a restart) is not made again.
    private func make(_ id: String, on number: Int, at: Date, _ decide: @escaping @Sendable (Incident) -> Decision) async throws(StoreError) {
        guard !made.contains(id) else { return }
        let outcome = try await store.updateIncident(number: number, at: at, requestID: id) { current -> Result<Decision, Never> in
            .success(decide(current))
        }
        made.insert(id)
        if case .done(.some) = outcome {
            notices.increment()
            delivery.wake()
            logger.info("error budget notice queued", metadata: ["incident_id": "\(number)", "notice": "\(id)"])
        }
    }
}

/// The ids of the budget notices this process knows were made.
private final class MadeNotices: Sendable {
    private let ids = Mutex<Set<String>>([])

    func contains(_ id: String) -> Bool { ids.withLock { $0.contains(id) } }
    func insert(_ id: String) { _ = ids.withLock { $0.insert(id) } }
}

/// Described by what it is, not by the store and clients it holds.
extension BudgetService: CustomStringConvertible {
    public var description: String { "BudgetService" }
}
