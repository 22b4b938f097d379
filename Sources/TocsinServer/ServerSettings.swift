import Foundation
import Logging
import Prometheus
import TocsinApp
import TocsinCore
import TocsinSlack

/// Everything the composition root needs to build a running Tocsin, already read and checked.
public struct ServerSettings: Sendable {
    public var host: String
    public var port: Int
    /// A SQLite file's path, or a `postgres://` URL (see ``StoreLocation``).
    public var databasePath: String
    public var configuration: TocsinConfiguration
    public var catalog: CommandCatalog
    /// A directory of templates replacing the built-in ones; nil for the built-in ones.
    public var templatesDirectory: String?
    /// The Web API base URL, e.g. `https://slack.com/api/`.
    public var apiURL: String
    public var botToken: String
    public var signingSecret: String
    /// The app-level token (`xapp-…`) for Socket Mode; when set, Slack's requests arrive over a WebSocket
    /// Tocsin opens, and the HTTP Slack routes are served only if `signingSecret` is not empty.
    public var socketModeAppToken: String?
    /// The pauses between Socket Mode reconnection attempts.
    var socketModeBackoff = SocketModeService.Backoff()
    public var delivery: DeliveryService.Settings
    /// How fast the Slack adapter calls the Web API (`slack.rate_limits`).
    public var rateLimits: RateLimitSettings
    public var metrics: PrometheusCollectorRegistry
    /// Seconds a whole Web API call may take before it is abandoned (and retried).
    public var apiTimeout: Double
    /// The tracker's token (`TOCSIN_JIRA_TOKEN`) and, for Jira Cloud's basic auth, its user (`TOCSIN_JIRA_USER`).
    public var trackerToken: String?
    public var trackerUser: String?
    /// How often overdue status updates are looked for.
    public var reminderInterval: Duration
    /// The clock; tests move it forward instead of sleeping.
    public var now: @Sendable () -> Date
    /// Connections, idle and body timeouts, and body sizes the HTTP server accepts.
    public var limits: IngressLimits
    /// The bearer token `/metrics` asks for (`TOCSIN_METRICS_TOKEN`); nil serves the metrics to anyone.
    public var metricsToken: String?
    /// A port of its own for `/metrics` (`--metrics-port`), so it need not face the internet beside the Slack
    /// routes; nil serves it on ``port``.
    public var metricsPort: Int?
    /// Whether Slack accepts the bot token, for `/readyz`: set by `checkBotToken`, then by delivery.
    public var credentials = PlatformCredentials()
    /// The bearer token the alert hooks ask for (`TOCSIN_HOOK_TOKEN`); nil turns the hooks away.
    public var hookToken: String?
    /// The paging keys, by the environment variable names the services' `pagerduty:` / `opsgenie:` settings give.
    public var pagerKeys: [String: String] = [:]

    public init(
        host: String = "127.0.0.1", port: Int = 8080, databasePath: String = "tocsin.sqlite",
        configuration: TocsinConfiguration, catalog: CommandCatalog, templatesDirectory: String?,
        apiURL: String, botToken: String, signingSecret: String,
        delivery: DeliveryService.Settings = DeliveryService.Settings(), rateLimits: RateLimitSettings = RateLimitSettings(),
        metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        reminderInterval: Duration = .seconds(5), apiTimeout: Double = 20, trackerToken: String? = nil, trackerUser: String? = nil,
        now: @escaping @Sendable () -> Date = Date.init, limits: IngressLimits = IngressLimits()
    ) {
        self.limits = limits
        self.trackerToken = trackerToken
        self.trackerUser = trackerUser
        self.apiTimeout = apiTimeout
        self.reminderInterval = reminderInterval
        self.now = now
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.configuration = configuration
        self.catalog = catalog
        self.templatesDirectory = templatesDirectory
        self.apiURL = apiURL
        self.botToken = botToken
        self.signingSecret = signingSecret
        self.delivery = delivery
        self.rateLimits = rateLimits
        self.metrics = metrics
    }
}

/// Settings are described without their secrets: service descriptions reach debug logs.
extension ServerSettings: CustomStringConvertible {
    public var description: String {
        "ServerSettings(host: \(host), port: \(port), database: \(StoreLocation.redacted(databasePath)), apiURL: \(apiURL), bot token, signing secret, tracker, metrics and hook tokens and paging keys redacted)"
    }
}
