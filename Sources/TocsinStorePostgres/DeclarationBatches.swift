import TocsinApp
import TocsinCore

/// Group commit for declarations: the declarations a replica receives while one transaction is being written
/// wait for the next one and are all written together, each in a savepoint of its own.
///
/// Numbers come from one counter row whose lock is held until commit (see ``PostgresStore``), so declarations
/// are written one transaction at a time across every replica; one declaration per transaction would pay a
/// commit (a WAL flush) each, under the lock. A batch pays one for all of them. A declaration that fails is
/// rolled back to its savepoint alone (its number with it); a caller hears back only after the commit.
actor DeclarationBatches {
    /// One declaration waiting for its batch.
    struct Request: Sendable {
        var requestID: String?
        var decide: @Sendable (Int) -> Declaration
    }

    /// What a declaration's savepoint did: stored it, or found its request id already recorded.
    enum Outcome: Sendable {
        case stored(Declaration)
        case repeated
    }

    private struct Waiting {
        var request: Request
        var continuation: CheckedContinuation<Result<Outcome, StoreError>, Never>
    }

    private var waiting: [Waiting] = []
    private var isWriting = false
    /// At most this many declarations share one transaction.
    private let maxBatch = 128

    /// Queues a declaration for the next batch written through `store`; returns once its batch is committed.
    func submit(_ request: Request, through store: PostgresStore) async -> Result<Outcome, StoreError> {
        await withCheckedContinuation { continuation in
            waiting.append(Waiting(request: request, continuation: continuation))
            if !isWriting {
                isWriting = true
                Task { await self.drain(through: store) }
            }
        }
    }

    private func drain(through store: PostgresStore) async {
        while !waiting.isEmpty {
            let batch = Array(waiting.prefix(maxBatch))
            waiting.removeFirst(batch.count)
            let outcomes = await store.writeDeclarations(batch.map(\.request))
            for (waiter, outcome) in zip(batch, outcomes) { waiter.continuation.resume(returning: outcome) }
        }
        isWriting = false
    }
}
