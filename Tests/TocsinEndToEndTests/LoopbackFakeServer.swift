import Hummingbird
import Logging

/// Runs a fake of another company's API (Jira, PagerDuty, Opsgenie) on a free loopback port for as long as
/// `body` runs, so a test can point Tocsin's base URL at it.
enum LoopbackFakeServer {
    static func serve<T: Sendable>(
        _ router: Router<BasicRequestContext>, label: String, _ body: @Sendable (Int) async throws -> T
    ) async throws -> T {
        var logger = Logger(label: label)
        logger.logLevel = .warning
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger
        )
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await app.runService(); return nil }
            var iterator = ports.makeAsyncIterator()
            let port = await iterator.next() ?? 0
            let result = try await body(port)
            group.cancelAll()
            return result
        }
    }
}
