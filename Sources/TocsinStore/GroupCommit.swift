import GRDB
import TocsinApp

/// Group commit: writes that arrive while a transaction is being written wait for the next one and
/// are all written together, so each acknowledged change is on disk (synchronous=FULL) without paying
/// one fsync per change. Declarations, check-ins and the delivery service's outcomes share the batches.
///
/// A batch is first written as it is, every write straight into the transaction: a write that throws
/// rolls the whole transaction back, and the batch is written again with each write in a savepoint of its
/// own, so the one that throws is rolled back alone and reports its error while the others are committed.
/// (A savepoint for every write on the first try copied each page a write touched into a statement journal,
/// a temporary file: 40 KB per declaration.) A caller hears back only after the commit.
actor GroupCommit {
    /// Runs one write inside the shared transaction; returns how to tell its caller once the commit is
    /// known. Isolated (in a savepoint), it reports its failure; not isolated, it throws it.
    private typealias Job = @Sendable (Database, _ isolated: Bool) throws -> @Sendable () -> Void
    private typealias Failure = @Sendable (StoreError) -> Void

    private struct Pending {
        var job: Job
        var fail: Failure
        /// The incident number a declaration was planned for, which orders it among the batch's declarations.
        var plannedNumber: Int?
    }

    private let writer: any DatabaseWriter
    private var pending: [Pending] = []
    private var isWriting = false
    /// At most this many writes share one transaction.
    private let maxBatch: Int

    init(writer: any DatabaseWriter, maxBatch: Int = 256) {
        self.writer = writer
        self.maxBatch = maxBatch
    }

    /// Writes waiting for the next transaction.
    var pendingCount: Int { pending.count }

    /// Runs `work` inside a transaction shared with other waiting writes; returns once it is committed.
    /// A declaration passes the number it was planned for (`plannedNumber`): see ``orderDeclarations(_:)``.
    func submit<T: Sendable>(plannedNumber: Int? = nil, _ work: @escaping @Sendable (Database) throws -> T) async -> Result<T, StoreError> {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, StoreError>, Never>) in
            let job: Job = { db, isolated in
                let outcome = isolated ? Self.inSavepoint(db, work) : .success(try work(db))
                return { continuation.resume(returning: outcome) }
            }
            pending.append(Pending(job: job, fail: { continuation.resume(returning: .failure($0)) }, plannedNumber: plannedNumber))
            if !isWriting {
                isWriting = true
                Task { await self.drain() }
            }
        }
    }

    /// Runs a batch's declarations in the order of the numbers they were planned for, each in a slot a
    /// declaration held, other writes staying where they were. Declarations take their guessed numbers in
    /// one order and reach this queue in another; written in arrival order, each one overtaken would be
    /// planned again inside the transaction (19 % of them at 64 concurrent declarations).
    private static func orderDeclarations(_ batch: inout [Pending]) {
        let slots = batch.indices.filter { batch[$0].plannedNumber != nil }
        guard slots.count > 1 else { return }
        let declarations = slots.map { batch[$0] }.sorted { ($0.plannedNumber ?? 0) < ($1.plannedNumber ?? 0) }
        for (slot, declaration) in zip(slots, declarations) { batch[slot] = declaration }
    }

    private static func inSavepoint<T>(_ db: Database, _ work: (Database) throws -> T) -> Result<T, StoreError> {
        do {
            var value: T?
            try db.inSavepoint {
                value = try work(db)
                return .commit
            }
            guard let value else { return .failure(.unavailable("a write returned no value")) }
            return .success(value)
        } catch {
            return .failure(StoreError(error))
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            var batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            Self.orderDeclarations(&batch)
            let jobs = batch.map(\.job)
            do {
                let replies: [@Sendable () -> Void]
                do {
                    replies = try await writer.write { db in try jobs.map { try $0(db, false) } }
                } catch {
                    replies = try await writer.write { db in try jobs.map { try $0(db, true) } }
                }
                for reply in replies { reply() }
            } catch {
                let failure = StoreError(error)
                for waiter in batch { waiter.fail(failure) }
            }
        }
        isWriting = false
    }
}

extension StoreError {
    /// A store error as it is, anything else (SQLite, GRDB) as the store being unavailable.
    init(_ error: any Error) {
        if let error = error as? StoreError {
            self = error
        } else if error is RowDecodingError || error is DecodingError {
            // A stored value this version cannot read: the row is bad, the database is not down.
            self = .corrupt("\(error)")
        } else {
            self = .unavailable("\(error)")
        }
    }
}
