import Synchronization

/// A small free list of libcurl easy handles, so connections are kept alive between calls.
///
/// Each handle lives inside its own `Mutex` (a `Slot`): whoever took the slot from the
/// pool is its only user, and the lock lets the compiler check that the non-Sendable
/// handle never runs on two threads at once. The lock is uncontended, so it costs
/// nothing. Handles are returned last-in-first-out, so a sequence of calls reuses the
/// most recently used handle and its warm connection.
final class HandlePool: Sendable {
    /// A pooled handle and the lock that proves exclusive use.
    final class Slot: Sendable {
        let handle: Mutex<CurlEasyHandle>

        init(_ handle: sending CurlEasyHandle) {
            self.handle = Mutex(handle)
        }
    }

    private let free = Mutex<[Slot]>([])
    private let capacity: Int
    private let connectTimeout: Double
    private let totalTimeout: Double

    /// - Parameter capacity: how many idle handles to keep; extra ones are released.
    init(capacity: Int, connectTimeout: Double, totalTimeout: Double) {
        self.capacity = max(1, capacity)
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
    }

    /// Runs one request on a pooled handle (blocking), then returns the handle to the pool.
    func perform(_ request: HTTPRequest) -> Result<HTTPResponse, TransportError> {
        let slot: Slot
        if let reused = free.withLock({ $0.popLast() }) {
            slot = reused
        } else {
            do {
                slot = Slot(try CurlEasyHandle(connectTimeout: connectTimeout, totalTimeout: totalTimeout))
            } catch {
                return .failure(error)
            }
        }
        let result = slot.handle.withLock { handle in
            Result { () throws(TransportError) in try handle.perform(request) }
        }
        free.withLock { slots in
            if slots.count < capacity { slots.append(slot) }
        }
        return result
    }

    /// How many idle handles the pool holds now.
    var idleCount: Int { free.withLock { $0.count } }
}
