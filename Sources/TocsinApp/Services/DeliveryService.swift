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
        /// Who this service claims outbox entries as: one id per process run.
        public var owner: OutboxOwner
        /// How long a claimed entry stays this service's; each look at the outbox renews the leases of the
        /// entries still being delivered. Longer than a call can take, rate-limit waits included.
        public var lease: Duration
        /// The clock the idle wait (``idlePoll``) is measured on; tests pass one they advance by hand.
        public var idleClock: any Clock<Duration>

        public init(
            maxConcurrentCalls: Int = 8, idlePoll: Duration = .seconds(1), minScanInterval: Duration = .milliseconds(5),
            initialBackoff: Double = 0.5, maxBackoff: Double = 300, retryDeadline: Double = 3600, inDoubtDelay: Double = 20,
            credentialsProbeInterval: Duration = .seconds(30), owner: OutboxOwner = .thisProcess, lease: Duration = .seconds(600),
            idleClock: any Clock<Duration> = ContinuousClock()
        ) {
            self.owner = owner
            self.lease = lease
            self.idleClock = idleClock
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

    private let outbox: any Outbox
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
        pager: (any Pager)? = nil, wakeUp: DeliveryWakeUp, settings: Settings = Settings(), now: @escaping @Sendable () -> Date = Date.init, logger: Logger,
        credentialsStatus: PlatformCredentials = PlatformCredentials()
    ) {
        self.init(
            store: store, outbox: store, configuration: configuration, chat: chat, renderer: renderer, tracker: tracker, pager: pager,
            wakeUp: wakeUp, settings: settings, now: now, logger: logger, credentialsStatus: credentialsStatus
        )
    }

    /// A service that claims from `outbox` (e.g. a test's wrapper around `store`) and carries entries out with `store`.
    init(
        store: any IncidentStore, outbox: any Outbox, configuration: TocsinConfiguration, chat: any ChatAPI, renderer: any MessageRenderer,
        tracker: (any IssueTracker)?, pager: (any Pager)? = nil, wakeUp: DeliveryWakeUp, settings: Settings, now: @escaping @Sendable () -> Date, logger: Logger,
        credentialsStatus: PlatformCredentials = PlatformCredentials()
    ) {
        self.outbox = outbox
        self.credentialsStatus = credentialsStatus
        self.executor = EffectExecutor(
            store: store, configuration: configuration, chat: chat, renderer: renderer, tracker: tracker, pager: pager,
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
        await withTaskGroup(of: Lane?.self) { group in
            var busyLanes: Set<Lane> = []
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

    private func dueEntries(excluding busy: Set<Lane>) async -> [OutboxEntry] {
        let room = settings.maxConcurrentCalls - busy.count
        guard room > 0 else { return [] }
        do {
            // Entries of busy lanes stay claimed (their leases renewed) and are started once their lane is free.
            let claimed = try await outbox.claim(
                owner: settings.owner, until: now().addingTimeInterval(Self.seconds(settings.lease)), limit: settings.maxConcurrentCalls * 2, now: now()
            )
            let runnable = claimed.filter { !busy.contains($0.lane) }
            return Array(runnable.prefix(await credentials.admit(min(room, runnable.count))))
        } catch {
            logger.error("cannot read the outbox", metadata: ["error": "\(error)"])
            return []
        }
    }

    private func idleDelay() async -> Duration {
        guard let due = try? await outbox.nextOutboxDueDate(after: now()) else { return settings.idlePoll }
        let seconds = max(0.01, due.timeIntervalSince(now()))
        return min(settings.idlePoll, .milliseconds(Int(seconds * 1000)))
    }

    /// Returns when the doorbell rings, the delay passes, or shutdown begins.
    private func waitForWork(upTo delay: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.wakeUp.nextRing() }
            group.addTask { try? await self.settings.idleClock.sleep(for: delay) }
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
        let logger = self.logger.adding(["incident_id": "\(entry.incidentNumber)", "outbox_id": "\(entry.id)", "effect": "\(entry.effect.kind)"])
        do {
            try await outbox.markOutboxAttempt(id: entry.id, owner: settings.owner, at: now())
        } catch {
            logger.error("cannot record the delivery attempt", metadata: ["error": "\(error)"])
            return
        }
        do {
            let outcome = try await executor.execute(entry)
            try await outbox.completeOutboxEntry(id: entry.id, owner: settings.owner, result: outcome.result, at: now(), followUps: outcome.followUps)
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
        let (reason, decision) = Self.decide(after: error, entry: entry, now: now(), settings: settings, jitter: Double.random(in: 0...1))
        do {
            switch decision {
            case .retry(let seconds, let reconcileFirst):
                retried.increment()
                logger.warning("delivery will be retried", metadata: ["reason": "\(reason)", "retry_in_s": "\(seconds)"])
                try await outbox.retryOutboxEntry(id: entry.id, owner: settings.owner, notBefore: now().addingTimeInterval(seconds), reason: reason, settled: !reconcileFirst)
            case .pauseForCredentials(let refusal, let seconds):
                credentialsStatus.refused(refusal)
                if await credentials.refused(refusal) {
                    logger.error(
                        "the chat platform refuses the bot's credentials: delivery is paused until they work, nothing is lost",
                        metadata: ["reason": "\(refusal)", "fix": "set SLACK_BOT_TOKEN to the app's Bot User OAuth Token and restart"]
                    )
                }
                retried.increment()
                logger.warning("delivery will be retried", metadata: ["reason": "\(reason)", "retry_in_s": "\(seconds)"])
                try await outbox.retryOutboxEntry(id: entry.id, owner: settings.owner, notBefore: now().addingTimeInterval(seconds), reason: reason, settled: true)
            case .giveUp(let followUps):
                failed.increment()
                logger.error("delivery failed for good", metadata: ["reason": "\(reason)", "attempts": "\(entry.attempts + 1)"])
                try await outbox.failOutboxEntry(id: entry.id, owner: settings.owner, reason: reason, at: now(), followUps: followUps)
            }
        } catch {
            logger.error("cannot record the delivery outcome", metadata: ["error": "\(error)"])
        }
    }

    /// A duration in seconds, as dates count them.
    private static func seconds(_ duration: Duration) -> Double {
        let components = duration.components
        return Double(components.seconds) + Double(components.attoseconds) / 1e18
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
        case .page(let request): "page_\(request.action.rawValue)"
        case .alarm(let alarm): alarm.purpose.kind
        case .archiveChannel: "archive_channel"
        }
    }
}

/// A service is described by what it is: swift-service-lifecycle logs descriptions at debug level,
/// and the default one would print the chat and tracker clients it holds.
extension DeliveryService: CustomStringConvertible {
    public var description: String { "DeliveryService" }
}
