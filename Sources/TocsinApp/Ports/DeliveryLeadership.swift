/// Which process carries out the outbox and sends the cadence reminders, when several share one store.
///
/// The chat platform's rate limits are per app and workspace, not per process: replicas that each paced their
/// own calls would together exceed them, and each would remind the commander once. So one process at a time
/// leads delivery; the others take requests, store the work they imply, and announce it to the leader.
/// A leader that dies or loses its hold stops delivering, and another takes over within seconds.
///
/// One process on its own store leads from the start (``SoleDeliveryLeadership``); a store shared by several
/// processes provides its own (PostgreSQL: a session-level advisory lock).
public protocol DeliveryLeadership: Sendable {
    /// Returns once this process leads delivery; throws `CancellationError` when cancelled while waiting.
    func lead() async throws -> any DeliveryTerm
    /// Tells the leading process, wherever it runs, that this one stored work for it. Called only while this
    /// process does not lead. It may be lost (e.g. when the leader is changing): the leader also looks at the
    /// outbox every second.
    func announceWork() async
    /// Lets go of everything held (leadership, its connection), so another process takes over without waiting
    /// for this one to exit. Called once, at shutdown, after delivery has stopped.
    func close() async
    /// Keeps the leader's recent chat API calls (saved every second while it leads) for whoever leads next,
    /// so the platform's rate limits carry over a change of leader.
    func keepCallHistory(_ history: CallHistory) async
    /// The calls the last leader kept, read when this process starts leading.
    func keptCallHistory() async -> CallHistory
}

extension DeliveryLeadership {
    /// Keeps the leader's recent chat API calls for whoever leads next; a process alone has nobody to keep them for.
    public func keepCallHistory(_ history: CallHistory) async {}

    /// The calls the last leader kept; none by default.
    public func keptCallHistory() async -> CallHistory { CallHistory() }
}

/// One stretch of leadership, from ``DeliveryLeadership/lead()`` until it is lost or given up.
public protocol DeliveryTerm: Sendable {
    /// Returns when leadership is lost (e.g. the connection that holds it failed), calling `announced` each
    /// time another process announces work meanwhile. Returns at once when the task is cancelled; leadership
    /// is then still held, until ``DeliveryLeadership/close()``.
    func hold(announced: @escaping @Sendable () -> Void) async
}

/// The leadership of a process that owns its store alone (SQLite): it leads from the start and never loses it.
public struct SoleDeliveryLeadership: DeliveryLeadership {
    public init() {}

    public func lead() async throws -> any DeliveryTerm {
        Term()
    }

    /// Nobody else delivers, so nobody needs telling.
    public func announceWork() async {}

    public func close() async {}

    struct Term: DeliveryTerm {
        func hold(announced: @escaping @Sendable () -> Void) async {
            // Nothing ever ends this term but the task's cancellation, which ends a stream's iteration.
            let (never, keepOpen) = AsyncStream.makeStream(of: Void.self)
            for await _ in never {}
            keepOpen.finish()
        }
    }
}
