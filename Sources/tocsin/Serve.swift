import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Hummingbird
import Logging
import Metrics
import Prometheus
import TocsinApp
import TocsinServer

/// `tocsin serve`: the bot, against any Slack-compatible Web API.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the bot: receive Slack's requests and call its Web API.")

    @OptionGroup var options: ConfigOptions

    @Option(name: .customLong("host"), help: "The address to listen on (default: TOCSIN_HOST, else 0.0.0.0).")
    var hostFlag: String?

    @OptionGroup var bot: BotOptions

    @OptionGroup var store: DatabaseOptions

    @Option(help: "Connections served at once; more wait until one closes (default: three quarters of the open-file limit left after 64 kept for the database and Slack calls, at most 4096).")
    var maxConnections: Int?

    @Option(help: "Seconds a connection may stay silent before it is closed.")
    var idleTimeout: Int = 30

    @Option(name: .customLong("metrics-port"), help: "Serve /metrics (with /healthz and /readyz) on this port only, apart from the Slack routes (default: TOCSIN_METRICS_PORT, else /metrics on --port).")
    var metricsPortFlag: Int?

    @Flag(help: "Receive Slack's commands, clicks and events over a WebSocket Tocsin opens (Socket Mode, needs SLACK_APP_TOKEN) instead of on a public URL.")
    var socketMode = false

    func run() async throws {
        limitMallocArenas()
        let botSettings = try bot.settings()
        let host = try EnvironmentSetting.value(hostFlag, flagName: "--host", variable: "TOCSIN_HOST", default: "0.0.0.0")
        let metricsPort = try EnvironmentSetting.optionalPort(metricsPortFlag, flagName: "--metrics-port", variable: "TOCSIN_METRICS_PORT")
        let environment = ProcessInfo.processInfo.environment
        guard let token = environment["SLACK_BOT_TOKEN"], !token.isEmpty else {
            throw OperatorError(description: "SLACK_BOT_TOKEN is not set: export the bot token (xoxb-…) from your Slack app's OAuth & Permissions page.")
        }
        var appToken: String?
        if socketMode {
            guard let token = environment["SLACK_APP_TOKEN"], token.hasPrefix("xapp-") else {
                throw OperatorError(description: "SLACK_APP_TOKEN is not set to an app-level token (xapp-…): create one with the connections:write scope on your Slack app's Basic Information page, or serve without --socket-mode.")
            }
            appToken = token
        }
        // In Socket Mode the signing secret is optional: without it only the WebSocket brings Slack's requests.
        let secret = environment["SLACK_SIGNING_SECRET"] ?? ""
        guard !secret.isEmpty || socketMode else {
            throw OperatorError(description: "SLACK_SIGNING_SECRET is not set: export the signing secret from your Slack app's Basic Information page.")
        }
        let limits = try ingressLimits()
        let (loaded, rateLimits, catalog) = try options.loadWithSlackSettings()
        let trackerToken = environment["TOCSIN_JIRA_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if loaded.configuration.tracker != nil && trackerToken == nil {
            throw OperatorError(description: "TOCSIN_JIRA_TOKEN is not set: the configuration files action items in Jira, so export an API token (and TOCSIN_JIRA_USER for Jira Cloud).")
        }
        let apiURL = environment["TOCSIN_SLACK_API_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? loaded.configuration.slack.apiURL
        let registry = bootstrapObservability(botSettings)
        let logger = Logger(label: "tocsin")
        var settings = ServerSettings(
            host: host, port: botSettings.port, databasePath: store.path(), configuration: loaded.configuration, catalog: catalog,
            templatesDirectory: options.templatesDirectory(loaded), apiURL: apiURL,
            botToken: token, signingSecret: secret, rateLimits: rateLimits, metrics: registry,
            trackerToken: trackerToken, trackerUser: environment["TOCSIN_JIRA_USER"].flatMap { $0.isEmpty ? nil : $0 },
            limits: limits
        )
        settings.socketModeAppToken = appToken
        settings.metricsToken = environment["TOCSIN_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        settings.metricsPort = metricsPort
        settings.hookToken = environment["TOCSIN_HOOK_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        for service in loaded.configuration.services {
            guard let pager = service.pager else { continue }
            guard let key = environment[pager.secretEnv], !key.isEmpty else {
                throw OperatorError(description: "\(pager.secretEnv) is not set: the service \(service.name) pages through \(pager.name), so export its key (or remove the \(pager.name.lowercased()) setting).")
            }
            settings.pagerKeys[pager.secretEnv] = key
        }
        try await checkBotToken(settings, logger: logger)
        let app = try buildApplication(settings, logger: logger) { port in
            logger.notice("tocsin is listening", metadata: [
                "port": "\(port)", "api_url": "\(apiURL)", "max_connections": "\(limits.maxConnections)",
            ])
        }
        try await app.runService()
    }
}

extension Serve {
    /// The ingress limits from the flags, refused when the open-file limit cannot hold them.
    func ingressLimits() throws -> IngressLimits {
        let openFiles = IngressLimits.openFileLimit()
        let largest = IngressLimits.largestMaxConnections(openFileLimit: openFiles)
        if let maxConnections, !(1...largest).contains(maxConnections) {
            throw OperatorError(description: "--max-connections \(maxConnections) does not fit the open-file limit of \(openFiles) (\(IngressLimits.reservedFileDescriptors) are kept for the database and Slack calls): use 1 to \(largest), or raise the limit with ulimit -n.")
        }
        guard (1...3600).contains(idleTimeout) else {
            throw OperatorError(description: "--idle-timeout \(idleTimeout) is out of range: give seconds from 1 to 3600.")
        }
        return IngressLimits(maxConnections: maxConnections, idleTimeout: .seconds(idleTimeout))
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Two malloc arenas instead of glibc's eight per core: a bot that mostly waits keeps its heap compact
/// (measured: RSS after 10,000 declarations 60.3 MB with the default, 57.6 MB with two; `make bench`).
/// Called before the server's threads start; an operator's `MALLOC_ARENA_MAX` still wins.
func limitMallocArenas() {
    #if canImport(Glibc)
    // `mallopt` is in glibc but not in Swift's Glibc module; `M_ARENA_MAX` is -8 in <malloc.h>.
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil, let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
    _ = unsafeBitCast(symbol, to: Mallopt.self)(-8, 2)
    #endif
}

/// Structured logs to stderr (text, or one JSON object per line) and Prometheus metrics, set up once per process.
func bootstrapObservability(_ settings: BotSettings) -> PrometheusCollectorRegistry {
    let level = settings.logLevel
    switch settings.logFormat {
    case .text:
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    case .json:
        LoggingSystem.bootstrap { label in
            var handler = JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
    }
    let registry = PrometheusCollectorRegistry()
    var factory = PrometheusMetricsFactory(registry: registry)
    factory.durationHistogramBuckets = [
        "tocsin_command_handling_seconds": [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500].map { Duration.milliseconds($0) },
        "tocsin_time_to_action_seconds": [30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400].map { Duration.seconds($0) },
    ]
    factory.valueHistogramBuckets = ["tocsin_slack_retry_after_seconds": [1, 2, 5, 10, 30, 60, 120, 300, 900]]
    MetricsSystem.bootstrap(factory)
    return registry
}
