import Dispatch
import Foundation
import Synchronization

/// A few dedicated threads for blocking calls (`curl_easy_perform`), fed by a queue.
///
/// Blocking a Swift concurrency executor thread for up to the request timeout would
/// starve every other task on a 2-core machine, and `NIOThreadPool` is only reachable
/// through Hummingbird, which this adapter must not depend on. Threads start on demand
/// up to `maxThreads`, then wait for work; they exit once the executor is released.
/// Work submitted while all threads are busy waits its turn in FIFO order.
final class BlockingExecutor: Sendable {
    private let core: Core

    /// - Parameter maxThreads: the most blocking calls that run at the same time.
    init(maxThreads: Int, name: String = "tocsin-blocking") {
        core = Core(maxThreads: max(1, maxThreads), name: name)
    }

    deinit {
        core.shutdown()
    }

    /// Runs `work` on one of the executor's threads and resumes the caller with its result.
    ///
    /// The work is not cancelled with the calling task; callers bound it with timeouts.
    func run<Success: Sendable, Failure: Error>(
        _ work: @escaping @Sendable () -> Result<Success, Failure>
    ) async -> Result<Success, Failure> {
        await withCheckedContinuation { continuation in
            core.submit { continuation.resume(returning: work()) }
        }
    }

    /// The shared state of the executor and its threads (the threads must not retain the
    /// executor itself, or it could never be released and shut them down).
    private final class Core: Sendable {
        private struct State {
            var jobs: [@Sendable () -> Void] = []
            var head = 0
            var threads = 0
            var idle = 0
            var shuttingDown = false
        }

        private let state = Mutex(State())
        private let wakeups = DispatchSemaphore(value: 0)
        private let maxThreads: Int
        private let name: String

        init(maxThreads: Int, name: String) {
            self.maxThreads = maxThreads
            self.name = name
        }

        func submit(_ job: @escaping @Sendable () -> Void) {
            let threadNumber: Int? = state.withLock { state in
                state.jobs.append(job)
                let pending = state.jobs.count - state.head
                guard pending > state.idle, state.threads < maxThreads else { return nil }
                state.threads += 1
                return state.threads
            }
            if let threadNumber {
                let threadName = "\(name)-\(threadNumber)"
                Thread { [self] in
                    // Named from inside so the OS thread carries it too (visible in debuggers and dumps).
                    Thread.current.name = threadName
                    workerLoop()
                }.start()
            }
            wakeups.signal()
        }

        func shutdown() {
            let threads = state.withLock { state in
                state.shuttingDown = true
                return state.threads
            }
            for _ in 0..<threads { wakeups.signal() }
        }

        private func workerLoop() {
            while true {
                state.withLock { $0.idle += 1 }
                wakeups.wait()
                let job: (@Sendable () -> Void)? = state.withLock { state in
                    state.idle -= 1
                    guard state.head < state.jobs.count else { return nil }
                    let job = state.jobs[state.head]
                    state.head += 1
                    if state.head > 64, state.head * 2 > state.jobs.count {
                        state.jobs.removeFirst(state.head)
                        state.head = 0
                    }
                    return job
                }
                if let job {
                    job()
                } else if state.withLock({ $0.shuttingDown }) {
                    return
                }
            }
        }
    }
}
