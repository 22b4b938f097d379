import GRDB
import TocsinApp
import TocsinCore

/// Group commit: declarations that arrive while a transaction is being written wait for the next
/// one and are all written together, so each acknowledged declaration is on disk (synchronous=FULL)
/// without paying one fsync per request.
actor GroupCommit {
    typealias Work = @Sendable (Database) throws -> Declaration

    private struct Pending {
        var work: Work
        var continuation: CheckedContinuation<Result<Declaration, StoreError>, Never>
    }

    private let writer: any DatabaseWriter
    private var pending: [Pending] = []
    private var isWriting = false
    /// At most this many declarations share one transaction.
    private let maxBatch: Int

    init(writer: any DatabaseWriter, maxBatch: Int = 256) {
        self.writer = writer
        self.maxBatch = maxBatch
    }

    /// Runs `work` inside a transaction shared with other waiting declarations; returns once it is committed.
    func submit(_ work: @escaping Work) async -> Result<Declaration, StoreError> {
        await withCheckedContinuation { continuation in
            pending.append(Pending(work: work, continuation: continuation))
            if !isWriting {
                isWriting = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            let works = batch.map(\.work)
            let outcome: Result<[Declaration], StoreError>
            do {
                outcome = .success(try await writer.write { db in try works.map { try $0(db) } })
            } catch let error as StoreError {
                outcome = .failure(error)
            } catch {
                outcome = .failure(.unavailable("\(error)"))
            }
            switch outcome {
            case .success(let declarations):
                for (waiter, declaration) in zip(batch, declarations) { waiter.continuation.resume(returning: .success(declaration)) }
            case .failure(let error):
                for waiter in batch { waiter.continuation.resume(returning: .failure(error)) }
            }
        }
        isWriting = false
    }
}
