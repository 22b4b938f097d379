import Foundation

/// Why a monitor's notification was refused as a whole; nothing of it is stored. `message` is the one sentence
/// the monitor's operator reads in the answer (and in Tocsin's log).
public enum AlertRefusal: Error, Sendable, Equatable {
    case noAlerts
    case missingService(alert: String, label: String)
    case unknownService(String, alert: String)
    case missingSeverity(alert: String, label: String)
    case unmappedSeverity(String, alert: String)

    /// A short code without associated values, for logs, metric labels and the JSON answer.
    public var code: String {
        switch self {
        case .noAlerts: "no_alerts"
        case .missingService: "missing_service"
        case .unknownService: "unknown_service"
        case .missingSeverity: "missing_severity"
        case .unmappedSeverity: "unmapped_severity"
        }
    }

    public var message: String {
        switch self {
        case .noAlerts:
            "The notification holds no alerts."
        case .missingService(let alert, let label):
            "Alert \(alert) has no \(label) label, so Tocsin cannot tell which service it is about; add the label in the alerting rule."
        case .unknownService(let service, let alert):
            "Alert \(alert) names the service \(service), which is not in Tocsin's service catalog; add it under services: or fix the label."
        case .missingSeverity(let alert, let label):
            "Alert \(alert) has no \(label) label; add it in the alerting rule."
        case .unmappedSeverity(let value, let alert):
            "Alert \(alert) has severity \(value), which alerts.severities does not map to a Tocsin severity; add it there."
        }
    }
}

/// The alerts of one notification that concern one catalog service.
public struct AlertBatch: Sendable, Equatable {
    public var service: ServiceEntry
    /// The most severe mapped severity among the firing alerts (among all when none fires).
    public var severity: Severity
    public var firing: [AlertNotice]
    public var resolved: [AlertNotice]

    public init(service: ServiceEntry, severity: Severity, firing: [AlertNotice], resolved: [AlertNotice]) {
        self.service = service
        self.severity = severity
        self.firing = firing
        self.resolved = resolved
    }
}

/// What a batch of alerts changes, given the service's active incident and what its timeline already holds.
public enum AlertStep: Sendable, Equatable {
    /// No incident is active on the service and a firing alert's severity declares: declare, with the alerts as evidence.
    case declare(IncidentDeclaration, evidence: [AlertNotice])
    /// Attach new firing alerts to the active incident and tell it of alerts that resolved.
    case update(incident: Int, attached: [AlertNotice], resolved: [AlertNotice])
    /// Nothing to store.
    case nothing(AlertNoChange)
}

/// Why a batch of valid alerts changes nothing.
public enum AlertNoChange: String, Sendable, Equatable {
    /// Every alert is already on the active incident's timeline (a re-sent notification).
    case alreadyKnown = "already_known"
    /// Only resolved alerts, and no incident is active on the service.
    case noActiveIncident = "no_active_incident"
    /// Firing alerts whose severity does not declare, and no incident is active to attach them to.
    case severityDoesNotDeclare = "severity_does_not_declare"
}

/// Decides what alerts mean for incidents: which catalog service and severity each names, and whether a batch
/// declares, attaches or changes nothing. Pure: the active incidents and timeline keys come in as values.
public struct AlertTriage: Sendable {
    public let configuration: TocsinConfiguration

    public init(configuration: TocsinConfiguration) {
        self.configuration = configuration
    }

    /// The notification's alerts by catalog service, in the order the services first appear; refused as a whole
    /// when any alert names no known service or an unmapped severity.
    public func batches(_ alerts: [AlertNotice]) -> Result<[AlertBatch], AlertRefusal> {
        guard !alerts.isEmpty else { return .failure(.noAlerts) }
        var order: [String] = []
        var grouped: [String: (service: ServiceEntry, firing: [AlertNotice], resolved: [AlertNotice], severities: [Severity])] = [:]
        for alert in alerts {
            guard let name = alert.service, !name.isEmpty else {
                return .failure(.missingService(alert: alert.name, label: configuration.alerts.serviceLabel))
            }
            guard let service = configuration.service(named: name) else { return .failure(.unknownService(name, alert: alert.name)) }
            guard let value = alert.severityValue, !value.isEmpty else {
                return .failure(.missingSeverity(alert: alert.name, label: configuration.alerts.severityLabel))
            }
            guard let severity = configuration.severity(forAlertLabel: value) else { return .failure(.unmappedSeverity(value, alert: alert.name)) }
            let key = service.name
            if grouped[key] == nil {
                order.append(key)
                grouped[key] = (service, [], [], [])
            }
            switch alert.status {
            case .firing:
                grouped[key]?.firing.append(alert)
                grouped[key]?.severities.insert(severity, at: 0)
            case .resolved:
                grouped[key]?.resolved.append(alert)
                grouped[key]?.severities.append(severity)
            }
        }
        return .success(order.compactMap { key in
            guard let group = grouped[key] else { return nil }
            let candidates = group.firing.isEmpty ? group.severities : Array(group.severities.prefix(group.firing.count))
            guard let severity = candidates.min(by: { configuration.rank(of: $0) < configuration.rank(of: $1) }) else { return nil }
            return AlertBatch(service: group.service, severity: severity, firing: group.firing, resolved: group.resolved)
        })
    }

    /// The incident alerts on `service` attach to: the oldest active one on that service. A drill never takes
    /// a real alert: an alert during a drill declares (or attaches to) a real incident as if the drill were not there.
    public static func activeIncident(on service: String, among incidents: [Incident]) -> Incident? {
        let service = service.lowercased()
        return incidents.filter { $0.state.isActive && !$0.isDrill && $0.service?.lowercased() == service }.min { $0.number < $1.number }
    }

    /// What `batch` changes, given the service's active incident (if any) and the timeline keys it already holds.
    public func step(for batch: AlertBatch, active: Incident?, recorded: Set<String>) -> AlertStep {
        let firing = Self.unique(batch.firing).filter { !recorded.contains($0.timelineKey) }
        let resolved = Self.unique(batch.resolved).filter { !recorded.contains($0.timelineKey) }
        if let active {
            guard !firing.isEmpty || !resolved.isEmpty else { return .nothing(.alreadyKnown) }
            return .update(incident: active.number, attached: firing, resolved: resolved)
        }
        guard !firing.isEmpty else { return .nothing(.noActiveIncident) }
        guard configuration.declaringAlertSeverities.contains(batch.severity) else { return .nothing(.severityDoesNotDeclare) }
        let lead = firing.first { configuration.severity(forAlertLabel: $0.severityValue ?? "") == batch.severity } ?? firing[0]
        return .declare(IncidentDeclaration(severity: batch.severity, service: batch.service.name, title: Self.title(of: lead)), evidence: firing)
    }

    /// An incident title from an alert: its summary, else its name, on one line and at most 150 characters.
    static func title(of alert: AlertNotice) -> String {
        let text = (alert.summary?.isEmpty == false ? alert.summary : nil) ?? alert.name
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        let title = line.isEmpty ? "Alert" : line
        return title.count <= 150 ? title : String(title.prefix(149)) + "…"
    }

    /// Each alert state once, in order (a notification may repeat one).
    static func unique(_ alerts: [AlertNotice]) -> [AlertNotice] {
        var seen: Set<String> = []
        return alerts.filter { seen.insert($0.key).inserted }
    }
}
