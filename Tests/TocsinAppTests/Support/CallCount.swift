import Synchronization

/// Counts calls from inside a scripted answer, so a script can answer the first call one way and later ones another.
final class CallCount: Sendable {
    private let count = Mutex(0)

    /// The number of this call, from 1.
    func next() -> Int {
        count.withLock {
            $0 += 1
            return $0
        }
    }
}
