/// How alerts map onto the catalog and the severity ladder (`alerts:` in the configuration).
public struct AlertSettings: Sendable, Equatable {
    /// The label that names the catalog service.
    public var serviceLabel: String
    /// The label that gives the alert's severity.
    public var severityLabel: String
    /// Label value (lowercased) → Tocsin severity. A value naming a configured severity (`SEV1`) maps to it too.
    public var severities: [String: Severity]
    /// The mapped severities that declare an incident; others only attach to an active one. Nil: the two most severe.
    public var declare: [Severity]?

    public init(serviceLabel: String = "service", severityLabel: String = "severity", severities: [String: Severity] = [:], declare: [Severity]? = nil) {
        self.serviceLabel = serviceLabel
        self.severityLabel = severityLabel
        self.severities = severities
        self.declare = declare
    }
}

/// Paging people through an on-call service (`paging:` in the configuration; the keys come from the environment).
public struct PagingSettings: Sendable, Equatable {
    /// The severities that page a service's on-call when an incident is declared. Nil: the two most severe.
    public var pageAt: [Severity]?
    /// PagerDuty's Events API base URL (tests point it at a loopback fake).
    public var pagerDutyURL: String
    /// Opsgenie's API base URL (`https://api.eu.opsgenie.com` for EU accounts).
    public var opsgenieURL: String

    public init(pageAt: [Severity]? = nil, pagerDutyURL: String = "https://events.pagerduty.com", opsgenieURL: String = "https://api.opsgenie.com") {
        self.pageAt = pageAt
        self.pagerDutyURL = pagerDutyURL
        self.opsgenieURL = opsgenieURL
    }
}

/// The on-call service that pages a catalog service's people, and the environment variable holding its key.
public enum PagerTarget: Sendable, Hashable, Codable {
    /// PagerDuty Events API v2: the integration's routing key.
    case pagerDuty(routingKeyEnv: String)
    /// Opsgenie's Alert API: an API integration's key.
    case opsgenie(apiKeyEnv: String)

    /// How people call it.
    public var name: String {
        switch self {
        case .pagerDuty: "PagerDuty"
        case .opsgenie: "Opsgenie"
        }
    }

    /// The environment variable that holds the secret.
    public var secretEnv: String {
        switch self {
        case .pagerDuty(let name), .opsgenie(let name): name
        }
    }
}

extension TocsinConfiguration {
    /// The severity an alert's severity label value maps to: the `alerts.severities` table, or a configured severity's own name.
    public func severity(forAlertLabel value: String) -> Severity? {
        if let mapped = alerts.severities[value.lowercased()] { return mapped }
        return severity(named: value)?.name
    }

    /// The severities that declare an incident from an alert.
    public var declaringAlertSeverities: [Severity] {
        alerts.declare ?? Array(severities.prefix(2).map(\.name))
    }

    /// The severities that page a service's on-call when an incident is declared.
    public var pagingSeverities: [Severity] {
        paging.pageAt ?? Array(severities.prefix(2).map(\.name))
    }
}
