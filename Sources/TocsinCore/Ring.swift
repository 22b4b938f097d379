/// The concentric audiences of an incident, from the people who fix it outwards.
public enum Ring: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Invited into the incident channel: engaged.
    case responders
    /// The owning team's and impacted services' channels: informed.
    case stakeholders
    /// The company announcements channel: informed.
    case company
    /// The executive broadcast channel: informed.
    case executives

    public static func < (lhs: Ring, rhs: Ring) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Which informed rings an incident reaches, by severity and service tier.
///
/// The responders ring is always reached; the others list, per severity name, the tiers they reach.
public struct RingPolicy: Sendable, Equatable {
    public var stakeholders: [Severity: Set<Int>]
    public var company: [Severity: Set<Int>]
    public var executives: [Severity: Set<Int>]

    public init(stakeholders: [Severity: Set<Int>] = [:], company: [Severity: Set<Int>] = [:], executives: [Severity: Set<Int>] = [:]) {
        self.stakeholders = stakeholders
        self.company = company
        self.executives = executives
    }

    /// The rings an incident of this severity on a service of this tier reaches.
    public func rings(severity: Severity, tier: Int) -> Set<Ring> {
        var reached: Set<Ring> = [.responders]
        if stakeholders[severity]?.contains(tier) == true { reached.insert(.stakeholders) }
        if company[severity]?.contains(tier) == true { reached.insert(.company) }
        if executives[severity]?.contains(tier) == true { reached.insert(.executives) }
        return reached
    }
}
