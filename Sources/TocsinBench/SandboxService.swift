import ServiceLifecycle
import TocsinSandbox

/// The sandbox workspace's server as a service, so it shuts down gracefully too.
struct SandboxService: Service {
    let server: SandboxServer
    let onListening: @Sendable (Int) async -> Void

    func run() async throws {
        try await server.run(onListening: onListening)
    }
}
