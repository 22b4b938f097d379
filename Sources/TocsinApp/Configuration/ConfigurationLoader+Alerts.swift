import Foundation
import TocsinCore
import Yams

/// `alerts:`, `paging:` and a service's `pagerduty:` / `opsgenie:`: how alerts map onto the catalog, and who pages.
extension ConfigurationLoader {
    static func readAlerts(_ node: Node?, severities: [SeverityLevel], _ reader: inout YAMLReader) -> AlertSettings {
        let keys = reader.mapping(node, path: "alerts", allowed: ["service_label", "severity_label", "severities", "declare"])
        var settings = AlertSettings()
        for (key, path) in [("service_label", "alerts.service_label"), ("severity_label", "alerts.severity_label")] {
            guard let value = reader.string(keys[key], path: path) else { continue }
            guard !value.isEmpty, !value.contains(" ") else {
                reader.problem("`\(path)` must be a label name like `service`, not `\(value)`", at: keys[key])
                continue
            }
            if key == "service_label" { settings.serviceLabel = value } else { settings.severityLabel = value }
        }
        for (value, keyNode, target) in reader.pairs(keys["severities"], path: "alerts.severities") {
            guard let name = reader.string(target, path: "alerts.severities.\(value)") else { continue }
            guard let level = known(name, severities) else {
                reader.problem("`alerts.severities.\(value)` maps to `\(name)`, which is not in `severities` (\(names(severities)))", at: target)
                continue
            }
            if settings.severities[value.lowercased()] != nil {
                reader.problem("`alerts.severities` maps `\(value)` twice", at: keyNode)
            }
            settings.severities[value.lowercased()] = level
        }
        if keys["declare"] != nil {
            settings.declare = listedSeverities(keys["declare"], path: "alerts.declare", severities, &reader)
        }
        return settings
    }

    static func readPaging(_ node: Node?, severities: [SeverityLevel], _ reader: inout YAMLReader) -> PagingSettings {
        let keys = reader.mapping(node, path: "paging", allowed: ["page_at", "pagerduty_url", "opsgenie_url"])
        var settings = PagingSettings()
        if keys["page_at"] != nil {
            settings.pageAt = listedSeverities(keys["page_at"], path: "paging.page_at", severities, &reader)
        }
        for key in ["pagerduty_url", "opsgenie_url"] {
            guard let value = reader.string(keys[key], path: "paging.\(key)") else { continue }
            guard let url = URLComponents(string: value), url.host?.isEmpty == false, url.scheme == "https" || url.scheme == "http" else {
                reader.problem("`paging.\(key)` must be a URL like https://events.pagerduty.com, not `\(value)`", at: keys[key])
                continue
            }
            let trimmed = value.hasSuffix("/") ? String(value.dropLast()) : value
            if key == "pagerduty_url" { settings.pagerDutyURL = trimmed } else { settings.opsgenieURL = trimmed }
        }
        return settings
    }

    /// A service's pager: `pagerduty: { routing_key_env: NAME }` or `opsgenie: { api_key_env: NAME }`, not both.
    static func readPager(_ keys: [String: Node], path: String, _ reader: inout YAMLReader) -> PagerTarget? {
        var pager: PagerTarget?
        if let node = keys["pagerduty"] {
            let settings = reader.mapping(node, path: "\(path).pagerduty", allowed: ["routing_key_env"])
            if let name = environmentName(settings["routing_key_env"], path: "\(path).pagerduty.routing_key_env", parent: node, &reader) {
                pager = .pagerDuty(routingKeyEnv: name)
            }
        }
        if let node = keys["opsgenie"] {
            let settings = reader.mapping(node, path: "\(path).opsgenie", allowed: ["api_key_env"])
            if keys["pagerduty"] != nil {
                reader.problem("`\(path)` names both pagerduty and opsgenie; a service pages through one", at: node)
            } else if let name = environmentName(settings["api_key_env"], path: "\(path).opsgenie.api_key_env", parent: node, &reader) {
                pager = .opsgenie(apiKeyEnv: name)
            }
        }
        return pager
    }

    /// The name of an environment variable (the secret stays in the environment, never in the file).
    private static func environmentName(_ node: Node?, path: String, parent: Node, _ reader: inout YAMLReader) -> String? {
        guard let name = reader.string(node, path: path, required: true, parent: parent) else { return nil }
        let valid = !name.isEmpty && name.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
            && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        guard valid else {
            reader.problem("`\(path)` names the environment variable holding the key, like PD_CHECKOUT_KEY; `\(name)` is not one (put the key itself in the environment)", at: node)
            return nil
        }
        return name
    }

    private static func listedSeverities(_ node: Node?, path: String, _ severities: [SeverityLevel], _ reader: inout YAMLReader) -> [Severity] {
        var listed: [Severity] = []
        for (name, item) in reader.strings(node, path: path) {
            guard let level = known(name, severities) else {
                reader.problem("`\(path)` lists `\(name)`, which is not in `severities` (\(names(severities)))", at: item)
                continue
            }
            if !listed.contains(level) { listed.append(level) }
        }
        return listed
    }

    private static func known(_ name: String, _ severities: [SeverityLevel]) -> Severity? {
        severities.first { $0.name.rawValue.caseInsensitiveCompare(name) == .orderedSame }?.name
    }

    private static func names(_ severities: [SeverityLevel]) -> String {
        severities.map(\.name.rawValue).joined(separator: ", ")
    }
}
