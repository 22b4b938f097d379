import Foundation
import TocsinCore
import Yams

/// Reads `tocsin.yml` strictly: unknown keys, bad values and inconsistencies are all reported with their lines.
public enum ConfigurationLoader {
    /// Where the file came from, for messages; and the parsed configuration.
    public static func load(path: String) throws(ConfigError) -> LoadedConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(path: path, reason: "the file does not exist or is not UTF-8 text")
        }
        return try parse(text, source: path)
    }

    public static func parse(_ yaml: String, source: String = "tocsin.yml") throws(ConfigError) -> LoadedConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw .invalid(source: source, problems: [ConfigProblem(line: (error as? YamlError)?.line, message: "not valid YAML: \((error as? YamlError)?.summary ?? "\(error)")")])
        }
        var reader = YAMLReader()
        let top = reader.mapping(root, path: "", allowed: ["slack", "severities", "services", "rings", "capture", "tracker", "permissions", "templates_dir", "commands_file", "slos", "digest", "alerts", "paging", "executives", "archive_after"])
        let slack = readSlack(top["slack"], &reader)
        let severities = readSeverities(top["severities"], parent: root, &reader)
        let services = readServices(top["services"], &reader)
        let rings = readRings(top["rings"], severities: severities, services: services, &reader)
        let capture = readCapture(top["capture"], &reader)
        let tracker = readTracker(top["tracker"], &reader)
        let permissions = readPermissions(top["permissions"], &reader)
        let slos = readSLOs(top["slos"], services: services, severities: severities, &reader)
        let digest = readDigest(top["digest"], &reader)
        let alerts = readAlerts(top["alerts"], severities: severities, &reader)
        let paging = readPaging(top["paging"], severities: severities, &reader)
        let executives = readExecutives(top["executives"], &reader)
        let archiveAfter = readArchiveAfter(top["archive_after"], &reader)
        checkConsistency(slack: slack, severities: severities, services: services, slackNode: top["slack"], &reader)
        guard reader.problems.isEmpty else { throw .invalid(source: source, problems: reader.problems) }
        return LoadedConfiguration(
            configuration: TocsinConfiguration(slack: slack, severities: severities, services: services, rings: rings, capture: capture, tracker: tracker, permissions: permissions,
                alerts: alerts, paging: paging, slos: slos, digest: digest, executives: executives, archiveAfter: archiveAfter
            ),
            templatesDirectory: top["templates_dir"]?.string ?? "templates",
            commandsFile: top["commands_file"]?.string ?? "commands/incident.yml",
            templatesDirectoryLine: top["templates_dir"]?.mark?.line,
            commandsFileLine: top["commands_file"]?.mark?.line
        )
    }

    private static func readSlack(_ node: Node?, _ reader: inout YAMLReader) -> SlackSettings {
        let keys = reader.mapping(node, path: "slack", allowed: ["api_url", "channel_prefix", "announce_channel", "exec_channel", "default_severity", "rate_limits"])
        var settings = SlackSettings()
        if let value = reader.string(keys["api_url"], path: "slack.api_url") { settings.apiURL = value }
        if let value = reader.string(keys["channel_prefix"], path: "slack.channel_prefix") { settings.channelPrefix = value }
        if let value = reader.string(keys["announce_channel"], path: "slack.announce_channel") { settings.announceChannel = value }
        if let value = reader.string(keys["exec_channel"], path: "slack.exec_channel") { settings.execChannel = value }
        if let value = reader.string(keys["default_severity"], path: "slack.default_severity"),
           let severity = severity(named: value, at: keys["default_severity"], path: "slack.default_severity", &reader) {
            settings.defaultSeverity = severity
        }
        // `rate_limits` belongs to the Slack adapter, which reads it itself (``readSection``).
        for (key, name) in [("channel_prefix", settings.channelPrefix), ("announce_channel", settings.announceChannel), ("exec_channel", settings.execChannel)]
        where !ChannelName.isValid(name) {
            reader.problem("`slack.\(key)` `\(name)` is not a valid channel name: use lowercase letters, digits, `-` and `_`, at most 80 characters", at: keys[key])
        }
        return settings
    }

    private static func readTracker(_ node: Node?, _ reader: inout YAMLReader) -> TrackerSettings? {
        guard let node else { return nil }
        let keys = reader.mapping(node, path: "tracker", allowed: ["kind", "base_url", "project_key", "issue_type"])
        let kind = reader.string(keys["kind"], path: "tracker.kind") ?? "jira"
        if kind != "jira" { reader.problem("`tracker.kind` must be `jira`, the only tracker supported", at: keys["kind"]) }
        let baseURL = reader.string(keys["base_url"], path: "tracker.base_url", required: true, parent: node)
        let project = reader.string(keys["project_key"], path: "tracker.project_key", required: true, parent: node)
        if let baseURL, URLComponents(string: baseURL)?.host == nil {
            reader.problem("`tracker.base_url` must be a URL like https://acme.atlassian.net, not `\(baseURL)`", at: keys["base_url"])
        }
        guard let baseURL, let project else { return nil }
        return TrackerSettings(baseURL: baseURL, projectKey: project, issueType: reader.string(keys["issue_type"], path: "tracker.issue_type") ?? "Task")
    }

    /// `permissions:`: who may change an incident; absent keys keep the defaults.
    private static func readPermissions(_ node: Node?, _ reader: inout YAMLReader) -> PermissionPolicy {
        let keys = reader.mapping(node, path: "permissions", allowed: ["change_incident", "also"])
        var policy = PermissionPolicy.defaults
        if keys["change_incident"] != nil {
            let known = IncidentParty.allCases.map(\.rawValue)
            policy.changeIncident = []
            for (name, item) in reader.strings(keys["change_incident"], path: "permissions.change_incident") {
                guard let party = IncidentParty(rawValue: name) else {
                    reader.problem("`permissions.change_incident` lists `\(name)`; use any of \(known.joined(separator: ", "))", at: item)
                    continue
                }
                if !policy.changeIncident.contains(party) { policy.changeIncident.append(party) }
            }
        }
        for (text, item) in reader.strings(keys["also"], path: "permissions.also") {
            let ref = ResponderRef(parsing: text)
            let valid: Bool = switch ref {
            case .user(let id): !id.isEmpty && id.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
            case .group(let handle): !handle.isEmpty && !handle.contains(" ")
            }
            guard valid else {
                reader.problem("`permissions.also` lists `\(text)`; give a user id like U0INCMGR or a user group like \"@incident-managers\"", at: item)
                continue
            }
            policy.also.append(ref)
        }
        return policy
    }

    private static func readCapture(_ node: Node?, _ reader: inout YAMLReader) -> CaptureSettings {
        let keys = reader.mapping(node, path: "capture", allowed: ["emoji", "acknowledgement", "evidence_hosts"])
        var settings = CaptureSettings()
        func emoji(_ key: String) -> String? {
            guard let value = reader.string(keys[key], path: "capture.\(key)") else { return nil }
            let name = value.trimmingCharacters(in: CharacterSet(charactersIn: ":"))
            guard !name.isEmpty, !name.contains(" ") else {
                reader.problem("`capture.\(key)` must be an emoji name like pushpin, not `\(value)`", at: keys[key])
                return nil
            }
            return name
        }
        if let name = emoji("emoji") { settings.emoji = name }
        if let name = emoji("acknowledgement") { settings.acknowledgement = name }
        if keys["evidence_hosts"] != nil {
            settings.evidenceHosts = reader.strings(keys["evidence_hosts"], path: "capture.evidence_hosts").map { $0.0.lowercased() }
        }
        return settings
    }

    private static func readSeverities(_ node: Node?, parent: Node?, _ reader: inout YAMLReader) -> [SeverityLevel] {
        guard node != nil else {
            reader.problem("`severities` is required: list them most severe first", at: parent)
            return []
        }
        var levels: [SeverityLevel] = []
        var seen: Set<String> = []
        for (index, item) in reader.sequence(node, path: "severities").enumerated() {
            let path = "severities[\(index)]"
            let keys = reader.mapping(item, path: path, allowed: ["name", "summary", "update_every", "check_in_within"])
            let name = reader.string(keys["name"], path: "\(path).name", required: true, parent: item)
                .flatMap { severity(named: $0, at: keys["name"], path: "\(path).name", &reader) }
            let summary = reader.string(keys["summary"], path: "\(path).summary") ?? ""
            let update = reader.duration(keys["update_every"], path: "\(path).update_every", required: true, parent: item)
            let checkIn = reader.duration(keys["check_in_within"], path: "\(path).check_in_within", required: true, parent: item)
            if let name, !seen.insert(name.rawValue.lowercased()).inserted {
                reader.problem("severity `\(name)` is listed twice", at: keys["name"])
                continue
            }
            if let name, let update, let checkIn {
                levels.append(SeverityLevel(name: name, summary: summary, updateEvery: update, checkInWithin: checkIn))
            }
        }
        if node != nil && levels.isEmpty && reader.problems.isEmpty {
            reader.problem("`severities` must list at least one severity", at: node)
        }
        return levels
    }

    /// A severity name from the file, or a problem at its line when it cannot be one.
    private static func severity(named name: String, at node: Node?, path: String, _ reader: inout YAMLReader) -> Severity? {
        guard let severity = Severity(rawValue: name) else {
            reader.problem("`\(path)` is `\(name)`; a severity name is one word of at most \(Severity.maximumLength) characters, like SEV1", at: node)
            return nil
        }
        return severity
    }

    private static func readServices(_ node: Node?, _ reader: inout YAMLReader) -> [ServiceEntry] {
        var services: [ServiceEntry] = []
        var nameNodes: [String: Node] = [:]
        for (index, item) in reader.sequence(node, path: "services").enumerated() {
            let path = "services[\(index)]"
            let keys = reader.mapping(item, path: path, allowed: ["name", "tier", "team", "responders", "stakeholders_channel", "depends_on", "pagerduty", "opsgenie"])
            let name = reader.string(keys["name"], path: "\(path).name", required: true, parent: item)
            let tier = reader.int(keys["tier"], path: "\(path).tier", in: 1...ServiceEntry.maximumTier, required: true, parent: item)
            let team = reader.string(keys["team"], path: "\(path).team")
            let responders = reader.strings(keys["responders"], path: "\(path).responders").map { ResponderRef(parsing: $0.0) }
            let stakeholders = reader.string(keys["stakeholders_channel"], path: "\(path).stakeholders_channel")
            if let stakeholders, !ChannelName.isValid(stakeholders) {
                reader.problem("`\(path).stakeholders_channel` `\(stakeholders)` is not a valid channel name", at: keys["stakeholders_channel"])
            }
            let dependsOn = reader.strings(keys["depends_on"], path: "\(path).depends_on")
            let pager = readPager(keys, path: path, &reader)
            guard let name, let tier else { continue }
            if nameNodes[name.lowercased()] != nil {
                reader.problem("service `\(name)` is listed twice", at: keys["name"])
                continue
            }
            nameNodes[name.lowercased()] = keys["name"]
            services.append(ServiceEntry(
                name: name, tier: tier, team: team, responders: responders,
                stakeholdersChannel: stakeholders, dependsOn: dependsOn.map(\.0), pager: pager
            ))
            for (dependency, dependencyNode) in dependsOn where dependency.lowercased() == name.lowercased() {
                reader.problem("service `\(name)` cannot depend on itself", at: dependencyNode)
            }
        }
        // Unknown dependencies, once every name is known.
        for (index, item) in reader.sequence(node, path: "services").enumerated() {
            guard case .mapping(let mapping) = item, let deps = mapping["depends_on"], case .sequence(let list) = deps else { continue }
            for dependency in list {
                if let name = dependency.string, nameNodes[name.lowercased()] == nil {
                    reader.problem("`services[\(index)].depends_on` names `\(name)`, which is not a service in the catalog", at: dependency)
                }
            }
        }
        if let cycle = dependencyCycle(services) {
            reader.problem("services depend on each other in a cycle: \(cycle.joined(separator: " → "))", at: nameNodes[cycle[0].lowercased()])
        }
        return services
    }

    /// The first dependency cycle found, as a path that starts and ends with the same service.
    static func dependencyCycle(_ services: [ServiceEntry]) -> [String]? {
        let edges = Dictionary(services.map { ($0.name.lowercased(), $0.dependsOn.map { $0.lowercased() }) }, uniquingKeysWith: { a, _ in a })
        let names = Dictionary(services.map { ($0.name.lowercased(), $0.name) }, uniquingKeysWith: { a, _ in a })
        var state: [String: Bool] = [:]  // false = on the current path, true = done
        var path: [String] = []
        func visit(_ node: String) -> [String]? {
            if state[node] == true { return nil }
            if state[node] == false, let start = path.firstIndex(of: node) {
                return (path[start...] + [node]).map { names[$0] ?? $0 }
            }
            state[node] = false
            path.append(node)
            for next in edges[node] ?? [] where next != node && edges[next] != nil {
                if let cycle = visit(next) { return cycle }
            }
            path.removeLast()
            state[node] = true
            return nil
        }
        for service in services {
            if let cycle = visit(service.name.lowercased()) { return cycle }
        }
        return nil
    }

    private static func readRings(_ node: Node?, severities: [SeverityLevel], services: [ServiceEntry], _ reader: inout YAMLReader) -> RingPolicy {
        let keys = reader.mapping(node, path: "rings", allowed: ["stakeholders", "company", "executives"])
        let maxTier = max(services.map(\.tier).max() ?? 3, 3)
        func ring(_ name: String) -> [Severity: Set<Int>] {
            var table: [Severity: Set<Int>] = [:]
            for (severity, keyNode, value) in reader.pairs(keys[name], path: "rings.\(name)") {
                guard let level = severities.first(where: { $0.name.rawValue.caseInsensitiveCompare(severity) == .orderedSame }) else {
                    reader.problem("`rings.\(name)` names severity `\(severity)`, which is not in `severities` (\(severities.map(\.name.rawValue).joined(separator: ", ")))", at: keyNode)
                    continue
                }
                var tiers: Set<Int> = []
                for item in reader.sequence(value, path: "rings.\(name).\(severity)") {
                    guard let tier = reader.int(item, path: "rings.\(name).\(severity)[]", in: 1...ServiceEntry.maximumTier) else { continue }
                    if tier < 1 || tier > maxTier {
                        reader.problem("`rings.\(name).\(severity)` lists tier \(tier); tiers run from 1 to \(maxTier)", at: item)
                    } else {
                        tiers.insert(tier)
                    }
                }
                table[level.name] = tiers
            }
            return table
        }
        return RingPolicy(stakeholders: ring("stakeholders"), company: ring("company"), executives: ring("executives"))
    }

    private static func checkConsistency(slack: SlackSettings, severities: [SeverityLevel], services: [ServiceEntry], slackNode: Node?, _ reader: inout YAMLReader) {
        if !severities.isEmpty, !severities.contains(where: { $0.name.rawValue.caseInsensitiveCompare(slack.defaultSeverity.rawValue) == .orderedSame }) {
            let node: Node? = if case .mapping(let mapping)? = slackNode { mapping["default_severity"] ?? slackNode } else { slackNode }
            reader.problem("`slack.default_severity` is `\(slack.defaultSeverity)`, which is not in `severities` (\(severities.map(\.name.rawValue).joined(separator: ", ")))", at: node)
        }
    }
}

/// A parsed configuration and the paths it names for templates and command definitions.
public struct LoadedConfiguration: Sendable, Equatable {
    public var configuration: TocsinConfiguration
    public var templatesDirectory: String
    public var commandsFile: String
    /// The line of `templates_dir` in the file, when it was set there (for problems with that directory).
    public var templatesDirectoryLine: Int? = nil
    /// The line of `commands_file` in the file, when it was set there.
    public var commandsFileLine: Int? = nil
}

extension YamlError {
    var line: Int? {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }

    var summary: String {
        switch self {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        default: "\(self)"
        }
    }
}
