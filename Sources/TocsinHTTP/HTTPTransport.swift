/// The HTTP client the Web API client uses: pooled libcurl handles on blocking threads.
///
/// `send` is the only async entry point; everything below it is synchronous libcurl
/// code that runs on `BlockingExecutor` threads.
public final class HTTPTransport: Sendable {
    private let pool: HandlePool
    private let executor: BlockingExecutor

    /// - Parameters:
    ///   - connectTimeout: seconds for DNS, TCP and TLS set-up.
    ///   - requestTimeout: seconds for the whole exchange.
    ///   - maxConcurrentRequests: threads (and kept-alive handles) for parallel calls.
    public init(connectTimeout: Double, requestTimeout: Double, maxConcurrentRequests: Int = 4) {
        pool = HandlePool(capacity: maxConcurrentRequests, connectTimeout: connectTimeout, totalTimeout: requestTimeout)
        executor = BlockingExecutor(maxThreads: maxConcurrentRequests, name: "tocsin-curl")
    }

    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        // Refuse before touching a thread or a socket.
        try URLPolicy.check(request.url)
        let pool = self.pool
        return try await executor.run { pool.perform(request) }.get()
    }

    /// How many idle handles are kept for reuse (for tests).
    var idleHandles: Int { pool.idleCount }
}
