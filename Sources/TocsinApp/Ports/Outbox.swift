import Foundation
import TocsinCore

/// The durable queue of chat API (and tracker) work that incident changes imply, and how its delivery went.
///
/// Entries are written by ``IncidentRepository`` in the change's transaction. A delivery worker claims the
/// runnable ones with a lease, carries each out, and records the outcome; only the lease holder may record
/// it, so two workers (or two processes) never both act on one entry while its lease runs. Entries of one
/// ``Lane`` run one after another in the order they were stored; lanes run concurrently.
public protocol Outbox: Sendable {
    /// Leases up to `limit` runnable entries to `owner` until `until` and returns them, oldest first.
    ///
    /// Runnable: the first pending entry of its lane, due at or before `now`, whose incident channel exists
    /// if it needs one, and not leased to another owner with a lease running after `now`. An entry whose
    /// lease has ended may be claimed by anyone; one already leased to `owner` is returned again (its lease
    /// renewed), so a worker that claimed more than it could start loses nothing.
    func claim(owner: OutboxOwner, until: Date, limit: Int, now: Date) async throws(StoreError) -> [OutboxEntry]
    /// When the earliest pending entry that is waiting on a delay (due after `now`) becomes due.
    func nextOutboxDueDate(after now: Date) async throws(StoreError) -> Date?
    /// Counts an attempt before the call is made, so a restart knows the call may have happened.
    /// Throws `.notLeaseHolder` unless `owner` holds the entry's lease.
    func markOutboxAttempt(id: Int64, owner: OutboxOwner, at: Date) async throws(StoreError)
    /// Marks the entry done and queues `followUps`, effects its outcome calls for (e.g. telling the
    /// incident channel who could not be invited), for the same incident, in one transaction; ends the lease.
    /// Throws `.notLeaseHolder` unless `owner` holds the entry's lease.
    func completeOutboxEntry(id: Int64, owner: OutboxOwner, result: String?, at: Date, followUps: [Effect]) async throws(StoreError)
    /// Schedules another attempt and ends the lease; `settled` says this attempt certainly had no effect.
    /// Throws `.notLeaseHolder` unless `owner` holds the entry's lease.
    func retryOutboxEntry(id: Int64, owner: OutboxOwner, notBefore: Date, reason: String, settled: Bool) async throws(StoreError)
    /// Marks the entry failed for good and queues `followUps` (e.g. telling the incident channel why), in one
    /// transaction; ends the lease. Throws `.notLeaseHolder` unless `owner` holds the entry's lease.
    func failOutboxEntry(id: Int64, owner: OutboxOwner, reason: String, at: Date, followUps: [Effect]) async throws(StoreError)
    /// Every entry of an incident, in the order they were stored.
    func outboxEntries(incident number: Int) async throws(StoreError) -> [OutboxEntry]
    /// Queues announcements, which belong to no incident (e.g. the weekly SLO review), as pending entries
    /// without an incident number, each in its channel's lane (``OutboxEntry/placement(of:)``), and records
    /// `onceKey` in the ``InboundEventLog``, in one transaction. When `onceKey` was recorded before (by this
    /// process, another, or before a restart) nothing is queued and the answer is false: of two processes
    /// queueing with one key at once, exactly one is answered true. Entries without an incident are claimed,
    /// leased and settled like the others; their outcomes queue no follow-ups.
    func queueAnnouncements(_ announcements: [Announcement], onceKey: String, at: Date) async throws(StoreError) -> Bool
}

extension Outbox {
    /// Marks the entry done; nothing follows from it.
    public func completeOutboxEntry(id: Int64, owner: OutboxOwner, result: String?, at: Date) async throws(StoreError) {
        try await completeOutboxEntry(id: id, owner: owner, result: result, at: at, followUps: [])
    }

    /// Marks the entry failed for good; nothing follows from it.
    public func failOutboxEntry(id: Int64, owner: OutboxOwner, reason: String, at: Date) async throws(StoreError) {
        try await failOutboxEntry(id: id, owner: owner, reason: reason, at: at, followUps: [])
    }
}
