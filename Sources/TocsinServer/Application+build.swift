import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import TocsinApp
import TocsinCore
import TocsinSlack
import TocsinStore
import TocsinTracker

/// Why Tocsin could not be assembled; `description` is the one sentence the operator sees.
public enum StartupError: Error, CustomStringConvertible {
    case store(StoreError)
    case templates(RenderError)

    public var description: String {
        switch self {
        case .store(let error): "\(error)"
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
    let store: AppDatabase
    do {
        store = try AppDatabase(path: settings.databasePath, logger: logger)
    } catch {
        throw StartupError.store(error)
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
    let wakeUp = DeliveryWakeUp()
    var deliverySettings = settings.delivery
    deliverySettings.inDoubtDelay = settings.apiTimeout
    let delivery = DeliveryService(
        store: store, configuration: settings.configuration, chat: chat, renderer: renderer, tracker: tracker, wakeUp: wakeUp, settings: deliverySettings, now: settings.now, logger: logger,
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
    // Delivery and reminders run only while this process leads delivery (always, on its own SQLite store).
    let leadership = DeliveryLeadershipService(
        leadership: SoleDeliveryLeadership(), services: [delivery, reminders], wakeUp: wakeUp, logger: logger
    )
    var services: [any Service] = [leadership, replies]
    if let appToken = settings.socketModeAppToken {
        let connector = SocketModeConnector(baseURL: settings.apiURL, appToken: appToken, requestTimeout: settings.apiTimeout)
        services.append(SocketModeService(connector: connector, inbox: inbox, backoff: settings.socketModeBackoff, logger: logger))
    }
    OperatorRoutes(
        metrics: MetricsEndpoint(
            registry: settings.metrics, store: store, severities: settings.configuration.severities.map(\.name.rawValue), token: settings.metricsToken, now: settings.now
        ),
        readiness: Readiness(store: store, templatesLoaded: true, credentials: settings.credentials)
    ).register(on: router)

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
