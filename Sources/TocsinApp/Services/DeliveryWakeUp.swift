import Synchronization

/// A doorbell for the delivery service: ringing it says "the outbox has new work".
///
/// Rings made while nobody waits collapse into one, so the service never falls behind on signals. A wait
/// that is cancelled (the service races the bell against a timeout) leaves the bell working: it is a
/// lock-guarded flag plus the waiter's continuation, not an `AsyncStream`, which cancellation would end.
public final class DeliveryWakeUp: Sendable {
    private struct State {
        var rung = false
        var waiter: (id: UInt64, continuation: CheckedContinuation<Void, Never>)?
        var lastWait: UInt64 = 0
        /// A wait cancelled before it got to register; it returns at once when it does.
        var cancelledBeforeWaiting: UInt64?
    }

    private let state = Mutex(State())

    public init() {}

    public func wake() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.rung = true
                return nil
            }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume()
    }

    /// Whether a ring is kept for the next wait.
    var hasPendingRing: Bool {
        state.withLock { $0.rung }
    }

    /// Whether a wait is registered and would be woken by a ring.
    var isWaiting: Bool {
        state.withLock { $0.waiter != nil }
    }

    /// Returns at the next ring (at once when one came since the last wait), or when the task is cancelled.
    func nextRing() async {
        let id = state.withLock { state -> UInt64 in
            state.lastWait += 1
            return state.lastWait
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    if state.rung || state.cancelledBeforeWaiting == id {
                        state.rung = false
                        state.cancelledBeforeWaiting = nil
                        return true
                    }
                    state.waiter = (id, continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                if let waiter = state.waiter, waiter.id == id {
                    state.waiter = nil
                    return waiter.continuation
                }
                state.cancelledBeforeWaiting = id
                return nil
            }
            waiter?.resume()
        }
    }
}
