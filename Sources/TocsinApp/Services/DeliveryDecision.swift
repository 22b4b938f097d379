import Foundation
import TocsinCore

/// What the delivery service does with an outbox entry whose attempt failed.
///
/// Decided by ``DeliveryService/decide(after:entry:now:settings:jitter:)`` from what the failure means
/// (``RetryAdvice``, ``CallOutcome``), never from its wording, without I/O, so that each case is tested alone.
enum DeliveryDecision: Equatable {
    /// Try again in `seconds`. `reconcileFirst`: the attempt may have taken effect, so the next attempt looks for
    /// it (a message by its marker, an issue by its label, a channel the bot created) before making the call again.
    case retry(in: Double, reconcileFirst: Bool)
    /// The platform refuses the bot's credentials: delivery pauses, one call per probe interval going through,
    /// and this entry is tried again in `seconds`. It never gives up: it waits for an operator.
    case pauseForCredentials(reason: String, retryIn: Double)
    /// Record the entry as failed for good and queue `followUps` (e.g. telling the incident channel why).
    case giveUp(followUps: [Effect])
}

extension DeliveryService {
    /// How to answer a failed attempt, and the reason to record.
    ///
    /// A failure worth retrying is retried with backoff until `retryDeadline` after the entry was stored; a rate
    /// limit is waited out as the platform asked and refused credentials wait for an operator, neither ever giving
    /// up. A call that may still land is looked for no sooner than `inDoubtDelay`. `jitter` (0…1) places the backoff
    /// delay in the upper half of its ceiling.
    static func decide(
        after error: any Error, entry: OutboxEntry, now: Date, settings: Settings, jitter: Double
    ) -> (reason: String, decision: DeliveryDecision) {
        let reason: String
        let advice: RetryAdvice
        let outcome: CallOutcome
        var followUps: [Effect] = []
        switch error {
        case EffectExecutor.Failure.chat(let chatError):
            (reason, advice, outcome) = (chatError.reason, chatError.retry, chatError.outcome)
        case EffectExecutor.Failure.tracker(let trackerError):
            (reason, advice, outcome) = ("tracker: \(trackerError.code)", trackerError.retry, trackerError.outcome)
        case EffectExecutor.Failure.pager(let pagerError):
            (reason, advice, outcome) = ("pager: \(pagerError.code)", pagerError.retry, pagerError.outcome)
        case EffectExecutor.Failure.store(let storeError):
            // The call may have been made before the store failed to record what it produced.
            (reason, advice, outcome) = ("\(storeError)", .withBackoff, .unknown)
        case EffectExecutor.Failure.render(let renderError):
            (reason, advice, outcome) = ("\(renderError)", .never, .noEffect)
        case EffectExecutor.Failure.impossible(let why):
            (reason, advice, outcome) = (why, .never, .unknown)
        case EffectExecutor.Failure.unusableRingChannel(let problem, let notice):
            (reason, advice, outcome) = (problem.description, .never, .unknown)
            followUps = notice.map { [$0] } ?? []
        default:
            (reason, advice, outcome) = ("\(error)", .withBackoff, .unknown)
        }

        func retry(in seconds: Double) -> DeliveryDecision {
            .retry(in: outcome == .mayStillLand ? max(seconds, settings.inDoubtDelay) : seconds, reconcileFirst: outcome != .noEffect)
        }
        switch advice {
        case .never:
            return (reason, .giveUp(followUps: followUps))
        case .withBackoff:
            // An alarm is retried for as long from when it went off as any other entry from when it was stored.
            let start = max(entry.createdAt, OutboxEntry.notBefore(of: entry.effect) ?? entry.createdAt)
            guard now.timeIntervalSince(start) < settings.retryDeadline else { return (reason, .giveUp(followUps: followUps)) }
            return (reason, retry(in: backoff(afterAttempts: entry.attempts + 1, settings: settings, jitter: jitter)))
        case .after(let seconds):
            return (reason, retry(in: seconds))
        case .whenCredentialsWork:
            let interval = settings.credentialsProbeInterval.components
            return (reason, .pauseForCredentials(reason: reason, retryIn: Double(interval.seconds) + Double(interval.attoseconds) / 1e18))
        }
    }

    /// Exponential backoff: the ceiling doubles with each attempt up to `maxBackoff`; `jitter` (0…1) places the
    /// delay in the ceiling's upper half.
    static func backoff(afterAttempts attempts: Int, settings: Settings, jitter: Double) -> Double {
        let ceiling = min(settings.maxBackoff, settings.initialBackoff * pow(2, Double(max(0, attempts - 1))))
        return ceiling / 2 + ceiling / 2 * min(max(jitter, 0), 1)
    }
}
