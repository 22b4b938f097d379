import Foundation
import Synchronization
import TocsinApp

/// Who holds which outbox entry, until when: SQLite's implementation of the outbox lease.
///
/// Kept in memory because one process owns a SQLite database: every owner that can claim lives in this
/// process, and a lease lost with the process (a crash, a restart) is one that has ended. A database shared
/// by several processes keeps its leases in its rows instead.
///
/// A claim reads the outbox on a reader connection, concurrently with writes, so what it read may be older
/// than an outcome recorded meanwhile. Two rules keep it from handing out such an entry: an entry whose
/// outcome is being written ("settling") is never leased, and an entry settled after the claim began reading
/// is skipped by that claim (each settle is numbered; a claim remembers the number it started at).
final class OutboxLeases: Sendable {
    private struct Lease {
        var owner: OutboxOwner
        var until: Date
    }

    private struct State {
        var leases: [Int64: Lease] = [:]
        var settling: Set<Int64> = []
        /// Counts recorded outcomes; `settledAt` says at which count each entry was last settled.
        var generation: UInt64 = 0
        var settledAt: [Int64: UInt64] = [:]
        /// The generations at which the claims still reading began (with how many began there).
        var readingSince: [UInt64: Int] = [:]
    }

    private let state = Mutex(State())

    /// Starts a claim's read; returns the generation to pass to ``lease(_:to:until:limit:now:readSince:)``
    /// and ``endClaim(_:)``.
    func beginClaim() -> UInt64 {
        state.withLock { state in
            state.readingSince[state.generation, default: 0] += 1
            return state.generation
        }
    }

    /// Ends a claim's read, forgetting the settles no claim still reading needs to know about.
    func endClaim(_ start: UInt64) {
        state.withLock { state in
            if let count = state.readingSince[start], count > 1 {
                state.readingSince[start] = count - 1
            } else {
                state.readingSince[start] = nil
            }
            let floor = state.readingSince.keys.min() ?? state.generation
            state.settledAt = state.settledAt.filter { $0.value > floor }
        }
    }

    /// How many entries owners other than `owner` hold at `now`: a claim looks that much further, so the
    /// entries they hold do not crowd out the ones it may take.
    func heldByOthers(than owner: OutboxOwner, at now: Date) -> Int {
        state.withLock { state in state.leases.values.count { $0.owner != owner && $0.until > now } }
    }

    /// Leases to `owner` those of `ids` (read by a claim that began at generation `start`) that no other owner
    /// holds at `now`, none is settling and none was settled since `start`, up to `limit`, in the order given.
    func lease(_ ids: [Int64], to owner: OutboxOwner, until: Date, limit: Int, now: Date, readSince start: UInt64) -> [Int64] {
        state.withLock { state in
            var taken: [Int64] = []
            for id in ids where taken.count < limit {
                if state.settling.contains(id) { continue }
                if let settled = state.settledAt[id], settled > start { continue }
                if let held = state.leases[id], held.owner != owner, held.until > now { continue }
                state.leases[id] = Lease(owner: owner, until: until)
                taken.append(id)
            }
            return taken
        }
    }

    /// Throws `.notLeaseHolder` unless `owner` holds entry `id`'s lease. A lease that ran out is still
    /// its holder's until another owner claims the entry: a late outcome is better recorded than repeated.
    func check(_ id: Int64, heldBy owner: OutboxOwner) throws(StoreError) {
        let holder = state.withLock { $0.leases[id]?.owner }
        guard holder == owner else { throw Self.refusal(id, holder: holder, owner: owner) }
    }

    /// Marks entry `id` as having its outcome written by `owner`, who must hold its lease: no claim leases it
    /// until ``finishSettling(_:by:recorded:)``.
    func beginSettling(_ id: Int64, by owner: OutboxOwner) throws(StoreError) {
        let refusal = state.withLock { state -> StoreError? in
            let holder = state.leases[id]?.owner
            guard holder == owner, !state.settling.contains(id) else { return Self.refusal(id, holder: holder, owner: owner) }
            state.settling.insert(id)
            return nil
        }
        if let refusal { throw refusal }
    }

    /// Ends the settling of entry `id`: once its outcome is `recorded` (committed) the lease ends; otherwise
    /// `owner` keeps it.
    func finishSettling(_ id: Int64, by owner: OutboxOwner, recorded: Bool) {
        state.withLock { state in
            state.settling.remove(id)
            guard recorded else { return }
            state.generation += 1
            state.settledAt[id] = state.generation
            if state.leases[id]?.owner == owner { state.leases[id] = nil }
        }
    }

    private static func refusal(_ id: Int64, holder: OutboxOwner?, owner: OutboxOwner) -> StoreError {
        .notLeaseHolder("outbox entry \(id) is \(holder.map { "leased to \($0)" } ?? "not leased"), not to \(owner)")
    }
}
