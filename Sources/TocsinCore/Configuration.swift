import Foundation

/// Everything an operator configures in `tocsin.yml`, already validated.
///
/// Built by the app layer's YAML loader; the core only reads it.
public struct TocsinConfiguration: Sendable, Equatable {
    public var slack: SlackSettings
    /// Most severe first.
    public var severities: [SeverityLevel]
    public var services: [ServiceEntry]
    public var rings: RingPolicy
    public var capture: CaptureSettings
    /// Where action items are filed as issues, when a tracker is configured.
    public var tracker: TrackerSettings?
    /// Who may change an incident beyond its commander (`permissions:`).
    public var permissions: PermissionPolicy
    /// Service level objectives whose error budgets incidents burn (`slos:`).
    public var slos: [ServiceLevelObjective]
    /// The weekly SLO review post (`digest:`), when configured.
    public var digest: DigestSettings?
    /// How alerts from monitors map onto services and severities (`alerts:`).
    public var alerts: AlertSettings
    /// When and where services' on-call people are paged (`paging:`).
    public var paging: PagingSettings
    /// Where drills are told instead of the rings (`drills:`).
    public var drills: DrillSettings = DrillSettings()
    /// People who follow incidents from the executive thread (`executives:`): user ids or user-group handles.
    /// One who joins an incident channel is pointed, privately, at the incident's executive thread.
    public var executives: [ResponderRef]
    /// How long after an incident resolves its channel is archived (`archive_after:`); nil keeps it open.
    public var archiveAfter: ConfigDuration?

    public init(
        slack: SlackSettings, severities: [SeverityLevel], services: [ServiceEntry], rings: RingPolicy,
        capture: CaptureSettings = CaptureSettings(), tracker: TrackerSettings? = nil, permissions: PermissionPolicy = .defaults,
        alerts: AlertSettings = AlertSettings(), paging: PagingSettings = PagingSettings(),
        slos: [ServiceLevelObjective] = [], digest: DigestSettings? = nil,
        executives: [ResponderRef] = [], archiveAfter: ConfigDuration? = nil
    ) {
        self.executives = executives
        self.archiveAfter = archiveAfter
        self.slos = slos
        self.digest = digest
        self.alerts = alerts
        self.paging = paging
        self.permissions = permissions
        self.tracker = tracker
        self.slack = slack
        self.severities = severities
        self.services = services
        self.rings = rings
        self.capture = capture
    }

    /// The severity with this name, ignoring case (`sev1` finds `SEV1`).
    public func severity(named name: String) -> SeverityLevel? {
        let name = name.lowercased()
        return severities.first { $0.name.rawValue.lowercased() == name }
    }

    /// The configured level of a severity.
    public func severity(named severity: Severity) -> SeverityLevel? {
        self.severity(named: severity.rawValue)
    }

    /// Where a severity stands in the configured order: 0 for the most severe; one the configuration does not name sorts last.
    public func rank(of severity: Severity) -> Int {
        severities.firstIndex { $0.name == severity } ?? severities.count
    }

    /// The service with this name, ignoring case.
    public func service(named name: String) -> ServiceEntry? {
        let name = name.lowercased()
        return services.first { $0.name.lowercased() == name }
    }

    /// The least critical tier in the catalog; an incident with no known service counts as this tier.
    public var leastCriticalTier: Int {
        max(services.map(\.tier).max() ?? 3, 3)
    }

    /// The SLOs of a service, in the configured order.
    public func slos(of service: String?) -> [ServiceLevelObjective] {
        guard let name = service?.lowercased() else { return [] }
        return slos.filter { $0.service.lowercased() == name }
    }

    /// Services that depend on the named one: they are impacted when it is.
    public func dependents(of serviceName: String) -> [ServiceEntry] {
        let name = serviceName.lowercased()
        return services.filter { entry in entry.dependsOn.contains { $0.lowercased() == name } }
    }
}

/// Workspace-level settings: where incident channels and ring channels live.
public struct SlackSettings: Sendable, Equatable {
    public var apiURL: String
    public var channelPrefix: String
    public var announceChannel: String
    public var execChannel: String
    public var defaultSeverity: Severity

    public init(
        apiURL: String = "https://slack.com/api/", channelPrefix: String = "inc",
        announceChannel: String = "incidents", execChannel: String = "exec-incidents", defaultSeverity: Severity = "SEV2"
    ) {
        self.apiURL = apiURL
        self.channelPrefix = channelPrefix
        self.announceChannel = announceChannel
        self.execChannel = execChannel
        self.defaultSeverity = defaultSeverity
    }
}

/// A Jira project that receives action items as issues (the token comes from the environment).
public struct TrackerSettings: Sendable, Equatable {
    public var baseURL: String
    public var projectKey: String
    public var issueType: String

    public init(baseURL: String, projectKey: String, issueType: String = "Task") {
        self.baseURL = baseURL
        self.projectKey = projectKey
        self.issueType = issueType
    }
}

/// One rung of the severity ladder, with the cadence and time-to-action target it implies.
public struct SeverityLevel: Sendable, Equatable {
    public var name: Severity
    public var summary: String
    public var updateEvery: ConfigDuration
    public var checkInWithin: ConfigDuration
    /// What responders should do at this severity, one short item each (`checklist:`); each is a button on
    /// the welcome message that ticks it off into the timeline.
    public var checklist: [String]

    /// The longest checklist item: it is a button label, and Slack's button text holds at most 75 characters.
    public static let maximumChecklistItemLength = 75
    /// The most items a checklist may have: they must fit on one message beside the welcome's own text.
    public static let maximumChecklistItems = 50

    public init(name: Severity, summary: String, updateEvery: ConfigDuration, checkInWithin: ConfigDuration, checklist: [String] = []) {
        self.checklist = checklist
        self.name = name
        self.summary = summary
        self.updateEvery = updateEvery
        self.checkInWithin = checkInWithin
    }
}

/// A service in the catalog: how critical it is, who owns it, who fixes it, who hears about it.
public struct ServiceEntry: Sendable, Equatable {
    /// The least critical tier a configuration may give (1 is the most critical).
    public static let maximumTier = 100

    public var name: String
    public var tier: Int
    public var team: String?
    public var responders: [ResponderRef]
    public var stakeholdersChannel: String?
    public var dependsOn: [String]
    /// Who pages this service's on-call people, when anyone does (`pagerduty:` or `opsgenie:`).
    public var pager: PagerTarget?
    /// The service's runbook (an http or https URL), shown in the welcome message of its incidents.
    public var runbook: String?

    public init(
        name: String, tier: Int, team: String? = nil, responders: [ResponderRef] = [],
        stakeholdersChannel: String? = nil, dependsOn: [String] = [], pager: PagerTarget? = nil, runbook: String? = nil
    ) {
        self.runbook = runbook
        self.pager = pager
        self.name = name
        self.tier = tier
        self.team = team
        self.responders = responders
        self.stakeholdersChannel = stakeholdersChannel
        self.dependsOn = dependsOn
    }
}

/// A responder entry: a user id (`U01PAYLEAD`) or a user-group handle (`@payments-oncall`).
public enum ResponderRef: Sendable, Hashable, Codable {
    case user(String)
    case group(handle: String)

    /// `@handle` is a group, anything else a user id.
    public init(parsing text: String) {
        if text.hasPrefix("@") {
            self = .group(handle: String(text.dropFirst()))
        } else {
            self = .user(text)
        }
    }
}
