import Foundation
import Synchronization

/// A clock that stands still until the test moves it, so time-driven code (reminders, check-in targets,
/// rate-limit windows) is tested without waiting on the wall clock.
///
/// It shows a wall-clock time (``now``, for code that takes a `@Sendable () -> Date`) and a monotonic
/// instant (``instant``, for code that takes a `ContinuousClock.Instant` source); ``advance(by:)`` moves both.
public final class ManualClock: Sendable {
    private struct Reading {
        var date: Date
        var instant: ContinuousClock.Instant
    }

    private let reading: Mutex<Reading>

    /// Starts at `start`: by default a fixed instant, so tests are repeatable.
    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        reading = Mutex(Reading(date: start, instant: .now))
    }

    /// The time the clock shows.
    public var date: Date { reading.withLock { $0.date } }

    /// The clock as a time source: reads the time the clock shows at each call.
    public var now: @Sendable () -> Date {
        { [self] in date }
    }

    /// The monotonic instant the clock shows.
    public var instant: ContinuousClock.Instant { reading.withLock { $0.instant } }

    /// Moves the clock forward.
    public func advance(by duration: Duration) {
        let (seconds, attoseconds) = duration.components
        reading.withLock {
            $0.instant = $0.instant.advanced(by: duration)
            $0.date.addTimeInterval(Double(seconds) + Double(attoseconds) / 1e18)
        }
    }

    /// Moves the clock forward by `seconds`.
    public func advance(by seconds: TimeInterval) {
        reading.withLock {
            $0.instant = $0.instant.advanced(by: .seconds(seconds))
            $0.date.addTimeInterval(seconds)
        }
    }
}
