import Foundation
import Logging
import TocsinCore

/// The app's way in for alerts from monitors (Alertmanager, the generic webhook): each notification's alerts are
/// checked against the catalog, then, service by service, declare an incident or attach to the active one
/// (``AlertTriage`` decides; the store keeps the change with its chat work in one transaction).
///
/// Notifications are taken one at a time in this process (a FIFO turn, held across the store's awaits, which an
/// actor alone would not do), so that two arriving together cannot both find no incident and both declare one; a notification seen before (Alertmanager re-sends a group every
/// `repeat_interval`) finds its alerts on the incident's timeline and changes nothing. Each change also carries a
/// request id made from its alerts' keys, so the same change is never stored twice.
public actor AlertIntake {
    let configuration: TocsinConfiguration
    let triage: AlertTriage
    let planner: IncidentPlanner
    let store: any IncidentStore
    let delivery: DeliveryWakeUp
    let now: @Sendable () -> Date
    let logger: Logger
    /// Whether a notification is being handled, and the ones waiting for their turn, in arrival order.
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(
        configuration: TocsinConfiguration, store: any IncidentStore, delivery: DeliveryWakeUp,
        now: @escaping @Sendable () -> Date = Date.init, logger: Logger
    ) {
        self.configuration = configuration
        self.triage = AlertTriage(configuration: configuration)
        self.planner = IncidentPlanner(configuration: configuration)
        self.store = store
        self.delivery = delivery
        self.now = now
        self.logger = logger
    }

    /// Handles one notification's alerts: refused as a whole (nothing stored) when one names no catalog service or
    /// an unmapped severity; otherwise what each service's alerts changed.
    public func receive(_ alerts: [AlertNotice], from source: AlertSource) async -> AlertIntakeOutcome {
        let batches: [AlertBatch]
        switch triage.batches(alerts) {
        case .failure(let refusal):
            logger.warning("refused an alert notification", metadata: ["source": "\(source.rawValue)", "reason": "\(refusal.code)", "detail": "\(refusal.message)"])
            return .refused(refusal)
        case .success(let found):
            batches = found
        }
        await takeTurn()
        defer { endTurn() }
        var results: [AlertChange] = []
        do {
            for batch in batches {
                results.append(try await handle(batch, source: source))
            }
        } catch {
            logger.error("could not store an alert notification", metadata: ["source": "\(source.rawValue)", "reason": "\(error)"])
            return .failed(error)
        }
        return .handled(results)
    }

    private func takeTurn() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func endTurn() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }

    private func handle(_ batch: AlertBatch, source: AlertSource) async throws(StoreError) -> AlertChange {
        let active = AlertTriage.activeIncident(on: batch.service.name, among: try await store.activeIncidents())
        var recorded: Set<String> = []
        if let active { recorded = Set(try await store.timeline(incident: active.number).map(\.key)) }
        let at = now()
        let planner = self.planner
        switch triage.step(for: batch, active: active, recorded: recorded) {
        case .nothing(let reason):
            logger.info("an alert notification changed nothing", metadata: ["service": "\(batch.service.name)", "reason": "\(reason.rawValue)"])
            return AlertChange(service: batch.service.name, kind: .unchanged(reason), incident: active?.number)
        case .declare(let request, let evidence):
            let requestID = "alerts:declare:" + StableDigest.of(evidence.map(\.key))
            let decided = try await store.declareIncident(requestID: requestID) { number in
                planner.declare(fromAlerts: request, evidence: evidence, source: source, number: number, now: at)
            }
            let number = decided.incident.number
            // The evidence in the timeline; a separate write, named so that a re-sent notification completes it once.
            let entries = planner.alertEntries(evidence, source: source, now: at)
            _ = try await store.updateIncident(number: number, at: at, requestID: requestID + ":evidence") { current -> Result<Decision, Never> in
                .success(Decision(incident: current, effects: [], timeline: entries))
            }
            if !decided.isRepeat {
                IncidentMetrics.declared(severity: decided.incident.severity.rawValue)
                delivery.wake()
                logger.notice("incident declared from alerts", metadata: [
                    "incident_id": "\(number)", "source": "\(source.rawValue)", "severity": "\(decided.incident.severity)", "service": "\(batch.service.name)",
                ])
            }
            return AlertChange(service: batch.service.name, kind: decided.isRepeat ? .unchanged(.alreadyKnown) : .declared, incident: number)
        case .update(let number, let attached, let resolved):
            let requestID = "alerts:update:\(number):" + StableDigest.of((attached + resolved).map(\.key))
            let outcome = try await store.updateIncident(number: number, at: at, requestID: requestID) { current -> Result<Decision, Never> in
                .success(planner.alerts(attached: attached, resolved: resolved, to: current, source: source, now: at))
            }
            guard case .done(.some) = outcome else {
                return AlertChange(service: batch.service.name, kind: .unchanged(.alreadyKnown), incident: number)
            }
            delivery.wake()
            logger.notice("alerts attached to an incident", metadata: [
                "incident_id": "\(number)", "source": "\(source.rawValue)", "attached": "\(attached.count)", "resolved": "\(resolved.count)",
            ])
            return AlertChange(service: batch.service.name, kind: .updated(attached: attached.count, resolved: resolved.count), incident: number)
        }
    }
}

/// What a notification did: refused as a whole, not stored because the store failed, or handled service by service.
public enum AlertIntakeOutcome: Sendable, Equatable {
    case refused(AlertRefusal)
    case failed(StoreError)
    case handled([AlertChange])
}

/// What one service's alerts in a notification changed.
public struct AlertChange: Sendable, Equatable {
    /// Declared, attached/resolved lines added, or nothing.
    public enum Kind: Sendable, Equatable {
        case declared
        case updated(attached: Int, resolved: Int)
        case unchanged(AlertNoChange)
    }

    public var service: String
    public var kind: Kind
    /// The incident declared or changed, or the active one a repeat found.
    public var incident: Int?

    public init(service: String, kind: Kind, incident: Int?) {
        self.service = service
        self.kind = kind
        self.incident = incident
    }
}

/// A short, stable digest of alert keys for request ids (two 64-bit FNV-1a hashes with different seeds): the same
/// keys give the same id in every process and release. Not cryptographic; the hooks are authenticated.
enum StableDigest {
    static func of(_ keys: [String]) -> String {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x6c62_272e_07bb_0142
        for byte in keys.joined(separator: "\n").utf8 {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            second = (second ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return String(first, radix: 16) + String(second, radix: 16)
    }
}
