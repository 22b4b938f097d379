import Hummingbird
import HummingbirdWebSocket
import Logging
import ServiceLifecycle

/// Serves a ``SandboxWorkspace`` over loopback HTTP: Slack's Web API for the bot, and a web page where a
/// person watches the channels and types slash commands.
public struct SandboxServer: Sendable {
    let workspace: SandboxWorkspace
    let host: String
    let port: Int
    let botCommandURL: String?
    let signingSecret: String?
    let logger: Logger

    /// - Parameters:
    ///   - port: 0 binds any free port; `run` reports the one bound.
    ///   - botCommandURL: the bot's `/slack/commands` URL; button clicks go to its `/slack/interactions` sibling.
    ///   - signingSecret: signs what the console sends the bot; nil sends it unsigned.
    public init(
        workspace: SandboxWorkspace, host: String = "127.0.0.1", port: Int = 0, botCommandURL: String? = nil,
        signingSecret: String? = nil, logger: Logger
    ) {
        self.workspace = workspace
        self.host = host
        self.port = port
        self.botCommandURL = botCommandURL
        self.signingSecret = signingSecret
        self.logger = logger
    }

    /// Serves until the calling task is cancelled or shut down gracefully; calls `onListening` with the bound
    /// port once accepting.
    public func run(onListening: @escaping @Sendable (Int) async -> Void) async throws {
        let console = CommandConsole(
            workspace: workspace, host: host, botCommandURL: botCommandURL, signingSecret: signingSecret, logger: logger
        )
        let router = Router()
        SandboxRoutes(workspace: workspace, console: console).add(to: router)
        let link = console.socket
        let sockets = Router(context: BasicWebSocketRequestContext.self)
        sockets.ws("link") { _, _ in .upgrade([:]) } onUpgrade: { inbound, outbound, context in
            await link.serve(ticket: context.request.uri.queryParameters["ticket"].map(String.init), inbound: inbound, outbound: outbound)
        }
        let requestedPort = port
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: sockets),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? requestedPort
                await console.setPort(bound)
                await onListening(bound)
            },
            logger: logger
        )
        // Joins reach the bot as events while the server runs, from the moment it starts.
        let (subscription, joins) = await workspace.subscribeToJoins()
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await console.deliver(joins: joins) }
                group.addTask { try await app.run() }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            await workspace.unsubscribeFromJoins(subscription)
            throw error
        }
        await workspace.unsubscribeFromJoins(subscription)
    }
}

/// The sandbox as one service of a `ServiceGroup`, so `tocsin sandbox` runs it and the bot under one lifecycle.
extension SandboxServer: Service {
    public func run() async throws {
        try await run { _ in }
    }
}
