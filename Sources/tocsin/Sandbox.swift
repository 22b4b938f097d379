import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import TocsinApp
import TocsinSandbox
import TocsinServer

/// `tocsin sandbox`: the bot on its embedded default, against a local Slack-compatible workspace.
struct Sandbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the bot against a built-in local workspace with a web page; no Slack account needed."
    )

    @OptionGroup var options: ConfigOptions

    @OptionGroup var bot: BotOptions

    @Option(help: "The port of the sandbox workspace (its web page and Web API).")
    var sandboxPort: Int = 8081

    @OptionGroup var store: DatabaseOptions

    func run() async throws {
        let botSettings = try bot.settings()
        let (loaded, rateLimits, catalog) = try options.loadWithSlackSettings(embeddedDefaultWhenMissing: true)
        let registry = bootstrapObservability(botSettings)
        let logger = Logger(label: "tocsin")
        let port = botSettings.port
        let database = store.path(default: DatabaseOptions.sandboxDefaultPath)
        let seed = SandboxSeed.demo
        let signingSecret = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        let workspace = SandboxWorkspace(seed: seed)
        let sandbox = SandboxServer(
            workspace: workspace, host: "127.0.0.1", port: sandboxPort,
            botCommandURL: "http://127.0.0.1:\(port)/slack/commands", signingSecret: signingSecret,
            logger: Logger(label: "tocsin.sandbox")
        )
        var settings = ServerSettings(
            host: "127.0.0.1", port: port, databasePath: database, configuration: loaded.configuration, catalog: catalog,
            templatesDirectory: options.templatesDirectory(loaded),
            apiURL: "http://127.0.0.1:\(sandboxPort)/api/", botToken: seed.botToken, signingSecret: signingSecret, rateLimits: rateLimits,
            metrics: registry
        )
        // Alert hooks in the sandbox too, when a token is exported (try them with curl; see the README).
        settings.hookToken = ProcessInfo.processInfo.environment["TOCSIN_HOOK_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        let app = try buildApplication(settings, logger: logger) { botPort in
            print("""

            Tocsin sandbox is running.
              Workspace (web page):  http://127.0.0.1:\(sandboxPort)/  — pick a user and channel, type /incident commands
              Bot:                   http://127.0.0.1:\(botPort)/slack/commands  (metrics: /metrics, health: /healthz)
              Database:              \(StoreLocation.redacted(database))
            Or from a shell (the sandbox signs it like Slack does):
              curl -s -X POST http://127.0.0.1:\(sandboxPort)/sandbox/command -H 'Content-Type: application/json' \\
                -d '{"user":"U01PAYLEAD","channel":"general","text":"/incident declare SEV1 checkout Card payments failing"}'
            Press Ctrl-C to stop.

            """)
            fflush(nil)
        }
        // One lifecycle for both: started in this order and, on SIGINT or SIGTERM, shut down gracefully in the
        // reverse one, so the bot finishes its requests while the workspace it calls is still there.
        let services = ServiceGroup(configuration: .init(
            services: [.init(service: sandbox), .init(service: app)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        ))
        try await services.run()
    }
}
