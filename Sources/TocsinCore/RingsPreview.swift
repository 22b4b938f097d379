/// Who hears about an incident on a service at a severity, before it happens or while it runs.
public struct RingsPreview: Sendable, Equatable {
    public var service: String?
    public var tier: Int
    public var severity: Severity
    /// Invited into the incident channel: user ids, and user groups as `@handle`.
    public var engaged: [ResponderRef]
    /// The informed rings' channels at `severity`.
    public var informed: [RingChannel]
    /// The informed channels at each configured severity, most severe first.
    public var bySeverity: [(severity: Severity, channels: [RingChannel])]

    public static func == (lhs: RingsPreview, rhs: RingsPreview) -> Bool {
        lhs.service == rhs.service && lhs.tier == rhs.tier && lhs.severity == rhs.severity && lhs.engaged == rhs.engaged
            && lhs.informed == rhs.informed && lhs.bySeverity.map(\.severity) == rhs.bySeverity.map(\.severity)
            && lhs.bySeverity.map(\.channels) == rhs.bySeverity.map(\.channels)
    }

    /// Lines for a chat message (users as mentions); `plainText` of it suits a terminal.
    public func describe() -> RichText {
        func channels(_ list: [RingChannel]) -> String {
            list.isEmpty ? "nobody beyond the responders" : list.map { "#\($0.name) (\($0.ring.rawValue))" }.joined(separator: ", ")
        }
        var text: RichText = "\(service.map { "\($0) (tier \(tier))" } ?? "No known service (tier \(tier))") at \(severity):\n"
        text.append("  engaged (invited into the incident channel): the declarer")
        for ref in engaged {
            switch ref {
            case .user(let id): text.append(", \(user: id)")
            case .group(let handle): text.append(", @\(handle)")
            }
        }
        text.append("\n  informed: \(channels(informed))\nAt each severity:")
        for (level, list) in bySeverity {
            text.append("\n  \(level)\(level == severity ? " (this one)" : ""): \(channels(list))")
        }
        return text
    }
}

extension IncidentPlanner {
    /// The rings preview for a service (nil: no known service) at a severity; a drill's informed channel is the
    /// drill channel at every severity.
    public func preview(service serviceName: String?, severity: Severity, isDrill: Bool = false) -> RingsPreview {
        let service = serviceName.flatMap(configuration.service(named:))
        let tier = service?.tier ?? configuration.leastCriticalTier
        return RingsPreview(
            service: service?.name, tier: tier, severity: severity,
            engaged: engaged(severity: severity, service: service?.name),
            informed: audience(severity: severity, tier: tier, service: service?.name, isDrill: isDrill),
            bySeverity: configuration.severities.map { ($0.name, audience(severity: $0.name, tier: tier, service: service?.name, isDrill: isDrill)) }
        )
    }
}
