import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import TocsinApp
import TocsinCore
import TocsinPaging
import TocsinSlack
import TocsinStore
import TocsinStorePostgres
import TocsinTracker

/// Why Tocsin could not be assembled; `description` is the one sentence the operator sees.
public enum StartupError: Error, CustomStringConvertible {
    case store(StoreError)
    case templates(RenderError)
    /// A `--database` PostgreSQL URL that cannot be used (the sentence never holds its password).
    case databaseURL(PostgresLocationError)

    public var description: String {
        switch self {
        case .store(let error): "\(error)"
        case .databaseURL(let error): "The database URL cannot be used: \(error)."
        case .templates(let error): "\(error)"
        }
    }
}

/// The composition root: opens the database, loads the templates, wires the services and routes.
///
/// The application runs the delivery, reminder and deferred-reply services (and the Socket Mode connection when an
/// app token is set) and then the HTTP server in one service group,
/// shutting both down gracefully on SIGTERM or SIGINT.
public func buildApplication(
    _ settings: ServerSettings,
    logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    // The scheme chooses the store; PostgreSQL's pool runs as the first service, which migrates the schema first.
    // Several processes may share a PostgreSQL store: one at a time leads delivery (see DeliveryLeadership).
    let store: any IncidentStore & StoreProbes
    var storeServices: [any Service] = []
    let leadership: any DeliveryLeadership
    var deliverySettings = settings.delivery
    switch try StoreLocation(settings.databasePath) {
    case .sqlite(let path):
        do {
            store = try AppDatabase(path: path, logger: logger)
        } catch {
            throw StartupError.store(error)
        }
        leadership = SoleDeliveryLeadership()
    case .postgres(let location):
        let postgres = PostgresStore(location: location, logger: logger)
        store = postgres
        storeServices = [postgres]
        do {
            leadership = try PostgresDeliveryLeadership(location: location, logger: logger)
        } catch {
            throw StartupError.store(error)
        }
        // A living leader renews its leases every second; a dead one's are claimed again once they end. Longer
        // than a call may take, so a call of a leader cut off from the database has landed before another looks.
        deliverySettings.lease = .seconds(settings.apiTimeout + 5)
    }
    let renderer: TemplateRenderer
    do {
        if let directory = settings.templatesDirectory {
            renderer = try TemplateRenderer(directory: directory)
        } else {
            renderer = try TemplateRenderer()
        }
    } catch {
        throw StartupError.templates(error)
    }
    let chat = SlackWebClient(
        baseURL: settings.apiURL, token: settings.botToken, requestTimeout: settings.apiTimeout,
        rateLimits: settings.rateLimits, logger: logger
    )
    let tracker: (any IssueTracker)? = settings.configuration.tracker.map { tracker in
        JiraClient(
            baseURL: tracker.baseURL, projectKey: tracker.projectKey, issueType: tracker.issueType,
            token: settings.trackerToken ?? "", user: settings.trackerUser, requestTimeout: settings.apiTimeout, logger: logger
        )
    }
    let pager: (any Pager)? = settings.configuration.services.contains { $0.pager != nil }
        ? PagingClient(settings: settings.configuration.paging, environment: settings.pagerKeys, requestTimeout: settings.apiTimeout, logger: logger)
        : nil
    let wakeUp = DeliveryWakeUp()
    deliverySettings.inDoubtDelay = settings.apiTimeout
    let delivery = DeliveryService(
        store: store, configuration: settings.configuration, chat: chat, renderer: renderer, tracker: tracker, pager: pager, wakeUp: wakeUp, settings: deliverySettings, now: settings.now, logger: logger,
        credentialsStatus: settings.credentials
    )
    let replies = DeferredReplies(replies: chat, chat: chat, logger: logger)
    let incidents = IncidentService(
        configuration: settings.configuration, catalog: settings.catalog, store: store, renderer: renderer, chat: chat,
        replies: replies, delivery: wakeUp, now: settings.now, logger: logger
    )
    let reminders = ReminderService(
        configuration: settings.configuration, store: store, delivery: wakeUp, interval: settings.reminderInterval,
        now: settings.now, logger: logger
    )
    // Beside the reminders, on the same cadence and clock; only when an SLO is configured.
    let budgets: BudgetService? = settings.configuration.slos.isEmpty ? nil : BudgetService(
        configuration: settings.configuration, store: store, delivery: wakeUp, interval: settings.reminderInterval,
        now: settings.now, logger: logger
    )
    let logLines = LogLineLimiter()
    let inbox = SlackInbox(incidents: incidents, logger: logger)
    let routes = SlackRoutes(
        verifier: SlackRequestVerifier(signingSecret: settings.signingSecret), inbox: inbox, limits: settings.limits,
        logLines: logLines, logger: logger
    )
    let router = Router()
    // Without a signing secret (Socket Mode only) nothing could tell Slack's requests from anyone's.
    if !settings.signingSecret.isEmpty {
        routes.register(on: router)
    }
    HookRoutes(
        token: settings.hookToken,
        intake: AlertIntake(configuration: settings.configuration, store: store, delivery: wakeUp, now: settings.now, logger: logger),
        settings: settings.configuration.alerts, logger: logger
    ).register(on: router)
    // Delivery, reminders and budget watching run only while this process leads delivery (always, on its own
    // SQLite store), so replicas keep Slack's limits together and each notice goes out once.
    let leading = DeliveryLeadershipService(
        leadership: leadership, services: [delivery, reminders] + (budgets.map { [$0] } ?? []), wakeUp: wakeUp, chat: chat, logger: logger
    )
    var services: [any Service] = storeServices + [leading, replies]
    if let appToken = settings.socketModeAppToken {
        let connector = SocketModeConnector(baseURL: settings.apiURL, appToken: appToken, requestTimeout: settings.apiTimeout)
        services.append(SocketModeService(connector: connector, inbox: inbox, backoff: settings.socketModeBackoff, logger: logger))
    }
    let operatorRoutes = OperatorRoutes(
        metrics: MetricsEndpoint(
            registry: settings.metrics, store: store, severities: settings.configuration.severities.map(\.name.rawValue), token: settings.metricsToken, now: settings.now
        ),
        readiness: Readiness(store: store, templatesLoaded: true, credentials: settings.credentials)
    )
    operatorRoutes.register(on: router, metrics: settings.metricsPort == nil)
    if let metricsPort = settings.metricsPort {
        // Metrics on a listener of their own (with liveness and readiness), which need not face the internet.
        let operatorRouter = Router()
        operatorRoutes.register(on: operatorRouter)
        services.append(Application(
            router: operatorRouter,
            configuration: .init(address: .hostname(settings.host, port: metricsPort), serverName: "tocsin-metrics"),
            onServerRunning: { _ in logger.notice("metrics are served on their own port", metadata: ["metrics_port": "\(metricsPort)"]) },
            logger: logger
        ))
    }

    return Application(
        router: router,
        server: .http1(configuration: .init(
            additionalChannelHandlers: [CloseAfterResponse(), SlowBodyGuard(timeout: TimeAmount(settings.limits.bodyTimeout))], idleTimeout: TimeAmount(settings.limits.idleTimeout)
        )),
        configuration: .init(
            address: .hostname(settings.host, port: settings.port), serverName: "tocsin",
            availableConnectionsDelegate: ConnectionLimit(maximum: settings.limits.maxConnections, logger: logger, logLines: logLines)
        ),
        services: services,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? settings.port) },
        logger: logger
    )
}
