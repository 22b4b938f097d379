import Foundation
import Logging
import PostgresNIO
import Synchronization
import TocsinApp

/// Delivery leadership among replicas sharing one PostgreSQL database: whoever holds a session-level advisory
/// lock, on a connection of its own, leads.
///
/// Followers try the lock every second (`pg_try_advisory_lock`, which never blocks). When the leader's process
/// dies its connection closes and PostgreSQL releases the lock with the session, so a follower leads within
/// about a second. A leader checks its connection every second; when a check fails or takes too long, or the
/// connection closes, leadership is lost at once (the connection is closed, so the lock cannot outlive it),
/// and the process delivers nothing until it holds the lock again.
///
/// Followers announce the work they store with `NOTIFY`; the leader `LISTEN`s on its lock connection, so
/// another replica's declaration is delivered at once rather than at the leader's next look at the outbox.
public final class PostgresDeliveryLeadership: DeliveryLeadership {
    /// The advisory lock's first key ("toc" and 0x0D, for delivery); the second is the hash of the schema the
    /// store lives in, since advisory locks are per database and deployments in other schemas lead their own.
    /// Two 32-bit keys never meet the migrations' single 64-bit one: PostgreSQL keeps the two key spaces apart.
    static let lockKey: Int32 = 0x746F_630D
    /// The notification channel followers announce work on.
    static let channel = "tocsin_delivery"

    /// How often the connection, and the lock, are tried by a follower, and checked by the leader.
    public struct Timing: Sendable {
        public var retry: Duration
        public var check: Duration
        /// A check taking longer than this counts as a failed connection.
        public var checkTimeout: Duration
        /// Announcements closer together than this wait, so a burst of stored work costs few notifications.
        public var announceSpacing: Duration

        public init(
            retry: Duration = .seconds(1), check: Duration = .seconds(1), checkTimeout: Duration = .seconds(3),
            announceSpacing: Duration = .milliseconds(5)
        ) {
            self.retry = retry
            self.check = check
            self.checkTimeout = checkTimeout
            self.announceSpacing = announceSpacing
        }
    }

    private struct State {
        var connection: PostgresConnection?
        var nextConnectionID = 0
        var lastAnnouncement: ContinuousClock.Instant?
        var closed = false
    }

    private let configuration: PostgresConnection.Configuration
    private let timing: Timing
    private let logger: Logger
    private let state = Mutex(State())

    public init(configuration: PostgresConnection.Configuration, timing: Timing = Timing(), logger: Logger) {
        self.configuration = configuration
        self.timing = timing
        self.logger = logger
    }

    /// Leadership among the replicas of the store at `location` (its server, database and schema).
    public convenience init(location: PostgresLocation, timing: Timing = Timing(), logger: Logger) throws(StoreError) {
        self.init(configuration: try location.connectionConfiguration(), timing: timing, logger: logger)
    }

    public func lead() async throws -> any DeliveryTerm {
        var unreachable = false
        while true {
            try Task.checkCancellation()
            do {
                let connection = try await openConnection()
                var acquired = false
                let rows = try await connection.query("SELECT pg_try_advisory_lock(\(Self.lockKey), hashtext(coalesce(current_schema(), '')))", logger: logger)
                for try await answer in rows.decode(Bool.self) { acquired = answer }
                if acquired { return Term(connection: connection, leadership: self) }
                if unreachable {
                    logger.notice("the database is reachable again for delivery leadership")
                    unreachable = false
                }
            } catch {
                try Task.checkCancellation()
                if !unreachable {
                    logger.warning("cannot ask the database for delivery leadership; trying again every second", metadata: ["error": "\(String(reflecting: error))"])
                    unreachable = true
                }
                await dropConnection()
            }
            try await Task.sleep(for: timing.retry)
        }
    }

    public func announceWork() async {
        let spacing = timing.announceSpacing
        let wait = state.withLock { state -> Duration in
            let now = ContinuousClock.now
            let next = state.lastAnnouncement.map { $0 + spacing } ?? now
            state.lastAnnouncement = max(now, next)
            return next - now
        }
        if wait > .zero { try? await Task.sleep(for: wait) }
        do {
            let connection = try await openConnection()
            try await connection.query("SELECT pg_notify(\(Self.channel), '')", logger: logger)
        } catch {
            // The leader also looks at the outbox every second: a lost announcement only delays.
            logger.debug("cannot announce stored work to the delivery leader", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    public func close() async {
        let connection = state.withLock { state in
            state.closed = true
            defer { state.connection = nil }
            return state.connection
        }
        // Closing the session releases the lock if this process held it.
        try? await connection?.close()
    }

    /// Kept in the one row of `delivery_call_history`, over the lock's connection (while it leads, this
    /// process is the only writer); a failure only means the next leader may meet a rate limit once.
    public func keepCallHistory(_ history: CallHistory) async {
        guard let connection = state.withLock({ $0.connection }), !connection.isClosed else { return }
        do {
            let text = String(decoding: try JSONEncoder().encode(history), as: UTF8.self)
            try await connection.query("""
                INSERT INTO delivery_call_history (id, history, kept_at) VALUES (1, \(text), now())
                ON CONFLICT (id) DO UPDATE SET history = EXCLUDED.history, kept_at = EXCLUDED.kept_at
                """, logger: logger)
        } catch {
            logger.debug("cannot keep the chat API call history for the next leader", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    public func keptCallHistory() async -> CallHistory {
        do {
            let connection = try await openConnection()
            var kept: String?
            for try await history in try await connection.query("SELECT history FROM delivery_call_history WHERE id = 1", logger: logger).decode(String.self) {
                kept = history
            }
            guard let kept else { return CallHistory() }
            return try JSONDecoder().decode(CallHistory.self, from: Data(kept.utf8))
        } catch {
            logger.warning("cannot read the last leader's chat API calls; a rate limit may be met once", metadata: ["error": "\(String(reflecting: error))"])
            return CallHistory()
        }
    }

    /// The connection the lock is tried, held and announced on; opened when there is none.
    private func openConnection() async throws -> PostgresConnection {
        let (existing, id, closed) = state.withLock { state in
            state.nextConnectionID += 1
            return (state.connection, state.nextConnectionID, state.closed)
        }
        if let existing, !existing.isClosed { return existing }
        guard !closed else { throw CancellationError() }
        let connection = try await PostgresConnection.connect(configuration: configuration, id: id, logger: logger)
        let stale = state.withLock { state -> PostgresConnection? in
            defer { state.connection = connection }
            return state.connection
        }
        try? await stale?.close()
        return connection
    }

    /// Closes the current connection, so a lock it may hold ends with it; the next try opens another.
    private func dropConnection() async {
        let connection = state.withLock { state in
            defer { state.connection = nil }
            return state.connection
        }
        try? await connection?.close()
    }

    /// Leadership while the lock's connection lives and answers.
    struct Term: DeliveryTerm {
        let connection: PostgresConnection
        let leadership: PostgresDeliveryLeadership

        func hold(announced: @escaping @Sendable () -> Void) async {
            let logger = leadership.logger
            let reason = await withTaskGroup(of: String?.self) { group in
                group.addTask {
                    do {
                        try await connection.listen(on: PostgresDeliveryLeadership.channel) { notifications in
                            for try await _ in notifications { announced() }
                        }
                        return Task.isCancelled ? nil : "the notification stream ended"
                    } catch {
                        return Task.isCancelled ? nil : "listening failed: \(String(reflecting: error))"
                    }
                }
                group.addTask { await checkUntilFailure() }
                let first = await group.next() ?? nil
                group.cancelAll()
                return first
            }
            guard let reason, !Task.isCancelled else { return }
            logger.error("delivery leadership lost: the connection holding it failed; delivery stops", metadata: ["reason": "\(reason)"])
            await leadership.dropConnection()
        }

        /// Asks the server for a trivial answer every `check`; returns why once one fails or takes too long.
        private func checkUntilFailure() async -> String? {
            let timing = leadership.timing
            let logger = leadership.logger
            while !Task.isCancelled {
                try? await Task.sleep(for: timing.check)
                if Task.isCancelled { return nil }
                let answered = await withTaskGroup(of: String?.self) { group in
                    group.addTask {
                        do {
                            try await connection.query("SELECT 1", logger: logger)
                            return nil
                        } catch {
                            return "the check failed: \(String(reflecting: error))"
                        }
                    }
                    group.addTask {
                        try? await Task.sleep(for: timing.checkTimeout)
                        if Task.isCancelled { return nil }
                        // Closing the connection ends the check still waiting (and the session, with its lock).
                        try? await connection.close()
                        return "the check took longer than \(timing.checkTimeout)"
                    }
                    let first = await group.next() ?? nil
                    group.cancelAll()
                    return first
                }
                if let failure = answered { return failure }
            }
            return nil
        }
    }
}
