import Synchronization
import TocsinApp

/// Holds the store's work back until the schema is up to date: the pool runs as a service, and whatever
/// asks the store for something before the migration finished waits for it (or gets its failure).
final class SchemaGate: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Void, any Error>])
        case open
        case failed(StoreError)
    }

    private let state = Mutex(State.waiting([]))

    /// Returns once the schema is up to date; throws the migration's failure.
    func ready() async throws(StoreError) {
        if state.withLock({ if case .open = $0 { true } else { false } }) { return }
        do {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let failure = state.withLock { state -> StoreError?? in
                    switch state {
                    case .open: return .some(nil)
                    case .failed(let error): return .some(error)
                    case .waiting(var waiting):
                        waiting.append(continuation)
                        state = .waiting(waiting)
                        return nil
                    }
                }
                switch failure {
                case .some(.some(let error)): continuation.resume(throwing: error)
                case .some(.none): continuation.resume()
                case .none: break
                }
            }
        } catch {
            throw (error as? StoreError) ?? .unavailable("\(error)")
        }
    }

    /// Whether the schema is up to date now, without waiting.
    var isOpen: Bool {
        state.withLock { if case .open = $0 { true } else { false } }
    }

    /// Lets everyone through (`failure` nil) or fails everyone waiting and to come.
    func settle(_ failure: StoreError?) {
        let waiting = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            guard case .waiting(let waiting) = state else { return [] }
            state = failure.map { .failed($0) } ?? .open
            return waiting
        }
        for continuation in waiting {
            if let failure { continuation.resume(throwing: failure) } else { continuation.resume() }
        }
    }
}
