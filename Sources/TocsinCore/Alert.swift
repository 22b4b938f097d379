import Foundation

/// One alert as a monitor reported it (Alertmanager, or any monitor through the generic webhook), decoded by the
/// server from the monitor's payload: the core decides what it means for incidents without knowing the wire format.
public struct AlertNotice: Sendable, Equatable {
    /// Whether the alert is still firing or has resolved.
    public enum Status: String, Sendable, Codable {
        case firing, resolved
    }

    /// Identifies this state of this alert across re-sent notifications: the monitor's identity of the alert
    /// (Alertmanager's fingerprint, the generic `dedup_key`), its status and when it started firing.
    public var key: String
    /// The alert's name (`alertname`, or the generic title).
    public var name: String
    public var status: Status
    /// The label value that names the catalog service, if the alert carried one.
    public var service: String?
    /// The label value that gives the severity, if the alert carried one.
    public var severityValue: String?
    /// What people read first: the `summary` annotation, or the generic title.
    public var summary: String?
    public var startsAt: Date?
    public var endsAt: Date?
    /// The alert's labels, sorted by name.
    public var labels: [AlertLabel]
    /// Where to look: the graph that fired (`generatorURL`), the runbook, the monitor's other links.
    public var links: [AlertLink]

    public init(
        key: String, name: String, status: Status, service: String?, severityValue: String?, summary: String? = nil,
        startsAt: Date? = nil, endsAt: Date? = nil, labels: [AlertLabel] = [], links: [AlertLink] = []
    ) {
        self.key = key
        self.name = name
        self.status = status
        self.service = service
        self.severityValue = severityValue
        self.summary = summary
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.labels = labels
        self.links = links
    }

    /// The timeline key of this alert's entry: the same alert state recorded twice is one entry.
    public var timelineKey: String { "alert:" + key }
}

/// One label of an alert.
public struct AlertLabel: Sendable, Equatable, Codable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A link an alert carries, with what it is.
public struct AlertLink: Sendable, Equatable, Codable {
    public var title: String
    public var url: String

    public init(title: String, url: String) {
        self.title = title
        self.url = url
    }
}

/// Where alerts come from, as people see it (the declarer of an incident an alert declared).
public enum AlertSource: String, Sendable, Equatable, Codable {
    case alertmanager = "Alertmanager"
    case webhook = "Alert webhook"
    /// The practice alerts of `tocsin drill`'s script.
    case drill = "Drill script"
}
