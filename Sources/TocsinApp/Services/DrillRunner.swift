import Foundation
import Logging
import TocsinCore

/// Plays a drill's script (``DrillScript``) against the store: declares the drill, then decides and stores each
/// scripted step at its time, with its chat work in the outbox in the same transaction, through the same
/// planner and store ports as the slash commands. It delivers nothing itself: the process that runs the
/// database's outbox (the bot, `tocsin serve` or `tocsin sandbox`) carries the work out, so a drill started
/// beside a running bot is never delivered twice, and the team can check in and post updates in the drill's
/// channel while the script plays.
public struct DrillRunner: Sendable {
    /// What happened at one step, for the person watching the command line.
    public struct Event: Sendable, Equatable {
        public var step: DrillScript.Step
        public var incident: Int
        /// Seconds after the declaration, as the script's clock reads.
        public var elapsed: Int
    }

    /// How a run ended.
    public enum Outcome: Sendable, Equatable {
        /// Every step was played on drill `incident`.
        case completed(incident: Int)
        /// The drill ended (resolved or cancelled by the team) before `step`; the steps after it were not played.
        case stopped(incident: Int, before: DrillScript.Step, reason: LifecycleError)
    }

    /// Where the drill's chat work stands in the outbox.
    public struct Delivery: Sendable, Equatable {
        public var done: Int
        public var failed: Int
        public var pending: Int
    }

    let store: any IncidentStore
    let planner: IncidentPlanner
    let now: @Sendable () -> Date
    let sleep: @Sendable (Duration) async throws -> Void
    let logger: Logger

    /// `sleep` waits between steps (and between looks at the outbox); tests pass one that returns at once.
    public init(
        store: any IncidentStore, configuration: TocsinConfiguration, now: @escaping @Sendable () -> Date = Date.init,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }, logger: Logger
    ) {
        self.store = store
        self.planner = IncidentPlanner(configuration: configuration)
        self.now = now
        self.sleep = sleep
        self.logger = logger
    }

    /// Declares the drill and plays every step, each `pace` × its offset after the declaration (0: at once).
    /// `event` hears of each step once it is stored.
    public func run(_ script: DrillScript, pace: Double, event: @Sendable (Event) -> Void) async throws -> Outcome {
        let planner = self.planner
        let declaredAt = now()
        let declaration = try await store.declareIncident(requestID: nil) { number in
            planner.declareDrill(script, number: number, now: declaredAt)
        }
        let number = declaration.incident.number
        logger.notice("drill declared", metadata: ["incident_id": "\(number)", "severity": "\(script.severity)", "service": "\(script.service)"])
        event(Event(step: .declare, incident: number, elapsed: 0))
        let start = ContinuousClock.now
        for (step, offset) in DrillScript.timing where step != .declare {
            let due = start + .milliseconds(Int((Double(offset) * pace * 1000).rounded()))
            let wait = due - ContinuousClock.now
            if wait > .zero { try await sleep(wait) }
            let at = now()
            let decided = try await store.updateIncident(number: number, at: at) { incident in
                planner.drillStep(step, of: script, on: incident, now: at)
            }
            switch decided {
            case .success?:
                event(Event(step: step, incident: number, elapsed: IncidentPlanner.wholeSeconds(from: declaredAt, to: at)))
            case .failure(let reason)?:
                logger.notice("drill stopped", metadata: ["incident_id": "\(number)", "step": "\(step.rawValue)", "reason": "\(reason.code)"])
                return .stopped(incident: number, before: step, reason: reason)
            case nil:
                throw StoreError.corrupt("drill #\(number) is no longer in the database")
            }
        }
        return .completed(incident: number)
    }

    /// Where the drill's outbox entries stand now.
    public func delivery(of incident: Int) async throws(StoreError) -> Delivery {
        // Alarms (the check-in follow-up, archiving) wait for their time: they are not the drill's work to deliver now.
        let entries = try await store.outboxEntries(incident: incident).filter { entry in
            if case .alarm = entry.effect { return false }
            return true
        }
        return Delivery(
            done: entries.filter { $0.status == .done }.count, failed: entries.filter { $0.status == .failed }.count,
            pending: entries.filter { $0.status == .pending }.count
        )
    }

    /// Looks at the drill's outbox every `poll` until nothing is pending, or until nothing has moved for
    /// `patience` (no bot is delivering this database); returns where it stands then.
    public func waitForDelivery(of incident: Int, patience: Duration, poll: Duration = .milliseconds(250)) async throws -> Delivery {
        var latest = try await delivery(of: incident)
        var lastMove = ContinuousClock.now
        while latest.pending > 0 && ContinuousClock.now - lastMove < patience {
            try await sleep(poll)
            let next = try await delivery(of: incident)
            if next != latest { lastMove = .now }
            latest = next
        }
        return latest
    }
}
