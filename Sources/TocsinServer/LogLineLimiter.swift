import Synchronization

/// Lets through at most one log line per kind in each interval and counts the ones it held back,
/// so a client sending thousands of refused requests cannot flood the log.
///
/// The refusals themselves are all counted in metrics; the limiter only decides which get a line.
public final class LogLineLimiter: Sendable {
    /// What to do with one line.
    public enum Decision: Equatable, Sendable {
        /// Write the line, saying how many of its kind were held back since the last one written.
        case write(suppressed: Int)
        /// Hold it back.
        case suppress
    }

    private struct Kind {
        var lastWritten: ContinuousClock.Instant
        var suppressed: Int
    }

    /// The shortest time between two lines of one kind.
    public let interval: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let kinds = Mutex<[String: Kind]>([:])

    /// - Parameters:
    ///   - interval: the shortest time between two lines of one kind.
    ///   - now: the clock, injectable for tests.
    public init(interval: Duration = .seconds(10), now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.interval = interval
        self.now = now
    }

    /// Whether a line of `kind` (e.g. a refusal's reason) may be written now.
    public func decide(_ kind: String) -> Decision {
        let instant = now()
        return kinds.withLock { kinds in
            guard var seen = kinds[kind] else {
                kinds[kind] = Kind(lastWritten: instant, suppressed: 0)
                return .write(suppressed: 0)
            }
            guard instant - seen.lastWritten >= interval else {
                seen.suppressed += 1
                kinds[kind] = seen
                return .suppress
            }
            kinds[kind] = Kind(lastWritten: instant, suppressed: 0)
            return .write(suppressed: seen.suppressed)
        }
    }
}
