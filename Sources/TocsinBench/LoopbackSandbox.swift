import Logging
import ServiceLifecycle
import TocsinSandbox

/// A sandbox workspace serving on a free loopback port for the length of a benchmark, shut down gracefully after.
enum LoopbackSandbox {
    enum Failure: Error, CustomStringConvertible {
        case didNotStart

        var description: String { "the sandbox workspace did not start" }
    }

    /// Runs `body` with a fresh demo workspace (Slack's rate limits on when `rateLimits`) and its port.
    static func run<T: Sendable>(rateLimits: Bool = false, _ body: @Sendable (SandboxWorkspace, SandboxSeed, Int) async throws -> T) async throws -> T {
        let seed = SandboxSeed.demo
        let workspace = SandboxWorkspace(seed: seed)
        await workspace.setRateLimitsEnabled(rateLimits)
        var logger = Logger(label: "tocsin-bench.sandbox")
        logger.logLevel = .error
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let sandbox = ServiceGroup(
            services: [
                SandboxService(
                    server: SandboxServer(workspace: workspace, host: "127.0.0.1", port: 0, logger: logger),
                    onListening: { port in continuation.yield(port) }
                )
            ],
            logger: logger
        )
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                defer { continuation.finish() }
                try await sandbox.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await group.waitForAll()
                throw Failure.didNotStart
            }
            let result: Result<T, any Error>
            do {
                result = .success(try await body(workspace, seed, port))
            } catch {
                result = .failure(error)
            }
            await sandbox.triggerGracefulShutdown()
            try await group.waitForAll()
            return try result.get()
        }
    }
}
