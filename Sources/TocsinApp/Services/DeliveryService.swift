import Foundation
import Logging
import Metrics
import ServiceLifecycle
import TocsinCore

/// Runs the outbox: each lane's entries one after another, different lanes concurrently,
/// retrying transient failures with backoff and recording every outcome.
///
/// Work lives in the store, not in memory, so a restart resumes where the last run stopped.
public struct DeliveryService: Service {
    public struct Settings: Sendable {
        /// How many calls may be in flight at once (one per lane at most).
        public var maxConcurrentCalls: Int
        /// How long to wait between looks at the outbox when nothing rings.
        public var idlePoll: Duration
        /// The shortest time between two looks at the outbox: under a burst of declarations (each rings the
        /// doorbell) or of quick deliveries, one look serves many of them instead of one query each.
        public var minScanInterval: Duration
        /// The first retry delay; each further retry doubles it, up to `maxBackoff`.
        public var initialBackoff: Double
        public var maxBackoff: Double
        /// How long after it was stored a transiently failing entry is still retried; after that it
        /// is recorded as failed. Waiting out rate limits does not count as failing.
        public var retryDeadline: Double
        /// After an attempt that timed out, the next waits at least this long,
        /// so a request still being processed has landed before it is looked for. Set it to the API timeout.
        public var inDoubtDelay: Double
        /// While the platform refuses the bot's credentials, one call is tried this often; the rest wait.
        public var credentialsProbeInterval: Duration

        public init(
            maxConcurrentCalls: Int = 8, idlePoll: Duration = .seconds(1), minScanInterval: Duration = .milliseconds(5),
            initialBackoff: Double = 0.5, maxBackoff: Double = 300, retryDeadline: Double = 3600, inDoubtDelay: Double = 20,
            credentialsProbeInterval: Duration = .seconds(30)
        ) {
            self.credentialsProbeInterval = credentialsProbeInterval
            self.minScanInterval = minScanInterval
            self.inDoubtDelay = inDoubtDelay
            self.maxConcurrentCalls = maxConcurrentCalls
            self.idlePoll = idlePoll
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
            self.retryDeadline = retryDeadline
        }
    }

    private let store: any IncidentStore
    private let executor: EffectExecutor
    private let wakeUp: DeliveryWakeUp
    private let settings: Settings
    private let now: @Sendable () -> Date
    private let logger: Logger
    private let credentials: CredentialsPause
    /// What readiness reports about the credentials, updated by every delivery.
    private let credentialsStatus: PlatformCredentials
    private let delivered = Counter(label: "tocsin_deliveries_total", dimensions: [("outcome", "done")])
    private let retried = Counter(label: "tocsin_deliveries_total", dimensions: [("outcome", "retry")])
    private let failed = Counter(label: "tocsin_deliveries_total", dimensions: [("outcome", "failed")])

    public init(
        store: any IncidentStore, configuration: TocsinConfiguration, chat: any ChatAPI, renderer: any MessageRenderer, tracker: (any IssueTracker)? = nil,
        wakeUp: DeliveryWakeUp, settings: Settings = Settings(), now: @escaping @Sendable () -> Date = Date.init, logger: Logger,
        credentialsStatus: PlatformCredentials = PlatformCredentials()
    ) {
        self.credentialsStatus = credentialsStatus
        self.store = store
        self.executor = EffectExecutor(
            store: store, configuration: configuration, chat: chat, renderer: renderer, tracker: tracker,
            identity: BotIdentityCache(), groups: GroupMembersCache(), now: now, logger: logger
        )
        self.wakeUp = wakeUp
        self.credentials = CredentialsPause(probeInterval: settings.credentialsProbeInterval)
        self.settings = settings
        self.now = now
        self.logger = logger
    }

    public func run() async throws {
        logger.info("delivery service started")
        await withTaskGroup(of: String?.self) { group in
            var busyLanes: Set<String> = []
            var waiting = false
            var lastScan = ContinuousClock.now - settings.minScanInterval
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                let sinceLastScan = ContinuousClock.now - lastScan
                if sinceLastScan < settings.minScanInterval {
                    try? await Task.sleep(for: settings.minScanInterval - sinceLastScan)
                }
                lastScan = .now
                for entry in await dueEntries(excluding: busyLanes) {
                    busyLanes.insert(entry.lane)
                    group.addTask { await self.deliver(entry); return entry.lane }
                }
                if !waiting {
                    waiting = true
                    let delay = await idleDelay()
                    group.addTask { await self.waitForWork(upTo: delay); return nil }
                }
                guard let finished = await group.next() else { break }
                if let lane = finished { busyLanes.remove(lane) } else { waiting = false }
            }
            // Calls already made finish and record their outcome; the waiter ends with the shutdown.
            while let lane = await group.next() { if let lane { busyLanes.remove(lane) } }
        }
        logger.info("delivery service stopped")
    }

    private func dueEntries(excluding busy: Set<String>) async -> [OutboxEntry] {
        let room = settings.maxConcurrentCalls - busy.count
        guard room > 0 else { return [] }
        do {
            let runnable = try await store.runnableOutboxEntries(now: now(), limit: settings.maxConcurrentCalls * 2)
                .filter { !busy.contains($0.lane) }
            return Array(runnable.prefix(await credentials.admit(min(room, runnable.count))))
        } catch {
            logger.error("cannot read the outbox", metadata: ["error": "\(error)"])
            return []
        }
    }

    private func idleDelay() async -> Duration {
        guard let due = try? await store.nextOutboxDueDate(after: now()) else { return settings.idlePoll }
        let seconds = max(0.01, due.timeIntervalSince(now()))
        return min(settings.idlePoll, .milliseconds(Int(seconds * 1000)))
    }

    /// Returns when the doorbell rings, the delay passes, or shutdown begins.
    private func waitForWork(upTo delay: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.wakeUp.nextRing() }
            group.addTask { try? await Task.sleep(for: delay) }
            group.addTask { try? await gracefulShutdown() }
            await group.next()
            group.cancelAll()
        }
    }

    /// Delivers one entry and records the outcome; never throws, so one failure cannot stop the others.
    ///
    /// Runs in a task of its own so that cancelling the service cannot interrupt a call between
    /// making it and recording it: an unrecorded call would be made again after a restart.
    func deliver(_ entry: OutboxEntry) async {
        await Task.detached { await self.deliverUninterrupted(entry) }.value
    }

    private func deliverUninterrupted(_ entry: OutboxEntry) async {
        var logger = self.logger
        logger[metadataKey: "incident_id"] = "\(entry.incidentNumber)"
        logger[metadataKey: "outbox_id"] = "\(entry.id)"
        logger[metadataKey: "effect"] = "\(entry.effect.kind)"
        do {
            try await store.markOutboxAttempt(id: entry.id, at: now())
        } catch {
            logger.error("cannot record the delivery attempt", metadata: ["error": "\(error)"])
            return
        }
        do {
            let outcome = try await executor.execute(entry)
            try await store.completeOutboxEntry(id: entry.id, result: outcome.result, at: now(), followUps: outcome.followUps)
            delivered.increment()
            logger.debug("delivered")
            credentialsStatus.accepted()
            if await credentials.accepted() {
                logger.notice("the chat platform accepts the bot's credentials again; delivery resumes")
            }
        } catch {
            await record(error, for: entry, logger: logger)
        }
    }

    private func record(_ error: any Error, for entry: OutboxEntry, logger: Logger) async {
        let attempts = entry.attempts + 1
        let reason: String
        var retryAfter: Double?
        var settled = false
        var inProgress = false
        var followUps: [Effect] = []
        switch error {
        case EffectExecutor.Failure.chat(let chatError):
            reason = chatError.reason
            settled = chatError.certainlyHadNoEffect
            inProgress = chatError.mayStillBeInProgress
            if case .rateLimited(let seconds) = chatError {
                retryAfter = seconds
            } else if case .unauthorized(let code) = chatError {
                let interval = settings.credentialsProbeInterval.components
                retryAfter = Double(interval.seconds) + Double(interval.attoseconds) / 1e18
                credentialsStatus.refused(code)
                if await credentials.refused(code) {
                    logger.error(
                        "the chat platform refuses the bot's credentials: delivery is paused until they work, nothing is lost",
                        metadata: ["reason": "\(code)", "fix": "set SLACK_BOT_TOKEN to the app's Bot User OAuth Token and restart"]
                    )
                }
            } else if chatError.isTransient {
                retryAfter = backoff(afterAttempts: attempts)
            }
        case EffectExecutor.Failure.store(let storeError):
            reason = "\(storeError)"
            retryAfter = backoff(afterAttempts: attempts)
        case EffectExecutor.Failure.tracker(let trackerError):
            reason = "tracker: \(trackerError.code)"
            if case .transient = trackerError {
                retryAfter = backoff(afterAttempts: attempts)
            } else {
                settled = true
            }
        case EffectExecutor.Failure.render(let renderError):
            reason = "\(renderError)"
            settled = true
        case EffectExecutor.Failure.impossible(let why):
            reason = why
        case EffectExecutor.Failure.unusableRingChannel(let problem, let notice):
            reason = problem.description
            followUps = notice.map { [$0] } ?? []
        default:
            reason = "\(error)"
            retryAfter = backoff(afterAttempts: attempts)
        }
        if inProgress, let delay = retryAfter { retryAfter = max(delay, settings.inDoubtDelay) }
        let withinDeadline = now().timeIntervalSince(entry.createdAt) < settings.retryDeadline
        // Waiting out a rate limit or refused credentials is not failing: it never gives up.
        var waitsForThePlatform = false
        if case EffectExecutor.Failure.chat(.rateLimited) = error { waitsForThePlatform = true }
        if case EffectExecutor.Failure.chat(.unauthorized) = error { waitsForThePlatform = true }
        do {
            if let retryAfter, withinDeadline || waitsForThePlatform {
                retried.increment()
                logger.warning("delivery will be retried", metadata: ["reason": "\(reason)", "retry_in_s": "\(retryAfter)"])
                try await store.retryOutboxEntry(id: entry.id, notBefore: now().addingTimeInterval(retryAfter), reason: reason, settled: settled)
            } else {
                failed.increment()
                logger.error("delivery failed for good", metadata: ["reason": "\(reason)", "attempts": "\(attempts)"])
                try await store.failOutboxEntry(id: entry.id, reason: reason, at: now(), followUps: followUps)
            }
        } catch {
            logger.error("cannot record the delivery outcome", metadata: ["error": "\(error)"])
        }
    }

    /// Exponential backoff with full jitter in its upper half.
    func backoff(afterAttempts attempts: Int) -> Double {
        let ceiling = min(settings.maxBackoff, settings.initialBackoff * pow(2, Double(max(0, attempts - 1))))
        return ceiling / 2 + Double.random(in: 0...(ceiling / 2))
    }
}

extension Effect {
    /// A short name for logs and metric labels.
    var kind: String {
        switch self {
        case .createIncidentChannel: "create_channel"
        case .inviteResponders: "invite"
        case .setIncidentTopic: "set_topic"
        case .post(let post): "post_\(post.template.rawValue)"
        case .updateRoot(let post): "update_\(post.template.rawValue)"
        case .addReaction: "add_reaction"
        case .fileActionItem: "file_action_item"
        }
    }
}

/// A service is described by what it is: swift-service-lifecycle logs descriptions at debug level,
/// and the default one would print the chat and tracker clients it holds.
extension DeliveryService: CustomStringConvertible {
    public var description: String { "DeliveryService" }
}
