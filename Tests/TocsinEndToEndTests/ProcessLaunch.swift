import Foundation
import Synchronization

/// Starts child processes one at a time.
///
/// A full run once died of SIGSEGV inside Foundation's `Process.run()` while tests on several threads were
/// starting children at once; launching is short, so serialising it costs nothing measurable.
enum ProcessLaunch {
    private static let lock = Mutex(())

    static func run(_ process: Process) throws {
        try lock.withLock { _ in try process.run() }
    }
}
