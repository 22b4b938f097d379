import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import TocsinSandbox
import TocsinServer

/// A sandbox workspace and the real Tocsin application, both in this process on loopback ports,
/// with a fresh SQLite database: the bot calls the workspace through its libcurl client and runs its
/// delivery service as in production.
struct InProcessStack: Sendable {
    enum Failure: Error, CustomStringConvertible {
        case sandboxDidNotStart
        case botDidNotStart

        var description: String {
            switch self {
            case .sandboxDidNotStart: "the sandbox workspace did not start"
            case .botDidNotStart: "the bot did not start"
            }
        }
    }

    let workspace: SandboxWorkspace
    let seed: SandboxSeed
    let sandboxPort: Int
    let botPort: Int
    let databasePath: String

    var client: LoopbackClient { LoopbackClient(port: botPort) }

    /// Runs `body` with a fresh workspace (with `latency` seconds before each Web API answer and Slack's
    /// rate limits when `rateLimits`), a fresh database and a bot; then shuts the bot down gracefully (as
    /// SIGTERM would), then the workspace.
    static func run<T: Sendable>(
        resources: BenchResources, latency: Double = 0, rateLimits: Bool = false, logLevel: Logger.Level = .error,
        _ body: @Sendable (InProcessStack) async throws -> T
    ) async throws -> T {
        let seed = SandboxSeed.demo
        let workspace = SandboxWorkspace(seed: seed)
        await workspace.setLatency(latency)
        await workspace.setRateLimitsEnabled(rateLimits)
        var sandboxLogger = Logger(label: "tocsin-bench.sandbox")
        sandboxLogger.logLevel = logLevel
        let (sandboxPorts, sandboxContinuation) = AsyncStream.makeStream(of: Int.self)
        let sandbox = ServiceGroup(
            services: [
                SandboxService(
                    server: SandboxServer(workspace: workspace, host: "127.0.0.1", port: 0, logger: sandboxLogger),
                    onListening: { port in sandboxContinuation.yield(port) }
                )
            ],
            logger: sandboxLogger
        )
        let databasePath = BenchResources.temporaryDatabase("stack")
        defer { BenchResources.removeDatabase(databasePath) }

        return try await withThrowingTaskGroup(of: T?.self) { outer in
            outer.addTask {
                defer { sandboxContinuation.finish() }
                try await sandbox.run()
                return nil
            }
            var sandboxIterator = sandboxPorts.makeAsyncIterator()
            guard let sandboxPort = await sandboxIterator.next() else {
                try await outer.waitForAll()
                throw Failure.sandboxDidNotStart
            }

            var botLogger = Logger(label: "tocsin-bench.bot")
            botLogger.logLevel = logLevel
            let settings = ServerSettings(
                host: "127.0.0.1", port: 0, databasePath: databasePath, configuration: resources.configuration,
                catalog: resources.catalog, templatesDirectory: resources.templatesDirectory,
                apiURL: "http://127.0.0.1:\(sandboxPort)/api/", botToken: seed.botToken,
                signingSecret: SignedCommand.benchSecret
            )
            let (botPorts, botContinuation) = AsyncStream.makeStream(of: Int.self)
            let app = try buildApplication(settings, logger: botLogger) { port in botContinuation.yield(port) }
            let bot = ServiceGroup(services: [app], logger: botLogger)

            let result = try await withThrowingTaskGroup(of: T?.self) { inner in
                inner.addTask {
                    defer { botContinuation.finish() }
                    try await bot.run()
                    return nil
                }
                var botIterator = botPorts.makeAsyncIterator()
                guard let botPort = await botIterator.next() else {
                    try await inner.waitForAll()
                    throw Failure.botDidNotStart
                }
                let stack = InProcessStack(
                    workspace: workspace, seed: seed, sandboxPort: sandboxPort, botPort: botPort, databasePath: databasePath
                )
                let value: Result<T, any Error>
                do {
                    value = .success(try await body(stack))
                } catch {
                    value = .failure(error)
                }
                await bot.triggerGracefulShutdown()
                try await inner.waitForAll()
                return try value.get()
            }
            await sandbox.triggerGracefulShutdown()
            try await outer.waitForAll()
            return result
        }
    }
}
