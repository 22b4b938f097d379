import Foundation
import Synchronization
import TocsinApp

/// Who holds which outbox entry, until when: SQLite's implementation of the outbox lease.
///
/// Kept in memory because one process owns a SQLite database: every owner that can claim lives in this
/// process, and a lease lost with the process (a crash, a restart) is one that has ended. A database shared
/// by several processes keeps its leases in its rows instead. Used only inside the store's write
/// transactions, which run one at a time, so a claim and an outcome never interleave; the lock makes the
/// table safe to reach from the writer's thread.
final class OutboxLeases: Sendable {
    private struct Lease {
        var owner: OutboxOwner
        var until: Date
    }

    private let leases = Mutex<[Int64: Lease]>([:])

    /// How many entries owners other than `owner` hold at `now`: a claim looks that much further, so the
    /// entries they hold do not crowd out the ones it may take.
    func heldByOthers(than owner: OutboxOwner, at now: Date) -> Int {
        leases.withLock { leases in leases.values.count { $0.owner != owner && $0.until > now } }
    }

    /// Leases to `owner` those of `ids` that no other owner holds at `now`, up to `limit`, in the order
    /// given; returns the ids leased.
    func lease(_ ids: [Int64], to owner: OutboxOwner, until: Date, limit: Int, now: Date) -> [Int64] {
        leases.withLock { leases in
            var taken: [Int64] = []
            for id in ids where taken.count < limit {
                if let held = leases[id], held.owner != owner, held.until > now { continue }
                leases[id] = Lease(owner: owner, until: until)
                taken.append(id)
            }
            return taken
        }
    }

    /// Throws `.notLeaseHolder` unless `owner` holds entry `id`'s lease. A lease that ran out is still
    /// its holder's until another owner claims the entry: a late outcome is better recorded than repeated.
    func check(_ id: Int64, heldBy owner: OutboxOwner) throws(StoreError) {
        let holder = leases.withLock { $0[id]?.owner }
        guard holder == owner else {
            throw .notLeaseHolder("outbox entry \(id) is \(holder.map { "leased to \($0)" } ?? "not leased"), not to \(owner)")
        }
    }

    /// Ends entry `id`'s lease when `owner` holds it (its outcome is recorded).
    func release(_ id: Int64, heldBy owner: OutboxOwner) {
        leases.withLock { leases in
            if leases[id]?.owner == owner { leases[id] = nil }
        }
    }
}
