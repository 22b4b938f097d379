import TocsinApp
import TocsinCore

/// Group commit for declarations: the declarations a replica receives while one transaction is being written
/// wait for the next one and are all written together, by one statement (``DeclarationRows``).
///
/// Numbers come from one counter row whose lock is held until commit (see ``PostgresStore``), so declarations
/// are written one transaction at a time across every replica; one declaration per transaction would pay a
/// commit (a WAL flush) and its round trips each, under the lock. A batch pays them once for all of them. A
/// declaration that cannot be stored fails alone and takes no number; a caller hears back only after the commit.
actor DeclarationBatches {
    /// One declaration waiting for its batch.
    struct Request: Sendable {
        var requestID: String?
        var decide: @Sendable (Int) -> Declaration
    }

    /// What became of a declaration: stored, or its request id found already recorded.
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
