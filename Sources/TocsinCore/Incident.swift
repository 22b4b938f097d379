import Foundation

/// The life of an incident, from declaration to an end state.
public enum IncidentState: String, Sendable, Codable, CaseIterable {
    case declared, investigating, identified, monitoring, resolved, cancelled

    public var isActive: Bool { self != .resolved && self != .cancelled }
}

/// An incident as Tocsin keeps it.
public struct Incident: Sendable, Equatable, Codable {
    /// Assigned by the store; also the human-facing number (`#12`).
    public var number: Int
    public var title: String
    public var severity: String
    public var service: String?
    public var tier: Int
    public var state: IncidentState
    public var commander: String
    public var declaredBy: String
    public var declaredAt: Date
    public var channel: ChannelInfo?

    public init(
        number: Int, title: String, severity: String, service: String?, tier: Int, state: IncidentState = .declared,
        commander: String, declaredBy: String, declaredAt: Date, channel: ChannelInfo? = nil
    ) {
        self.number = number
        self.title = title
        self.severity = severity
        self.service = service
        self.tier = tier
        self.state = state
        self.commander = commander
        self.declaredBy = declaredBy
        self.declaredAt = declaredAt
        self.channel = channel
    }
}

/// A channel as the core knows it once the platform has created or found it.
public struct ChannelInfo: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    /// The user who created the channel, when the platform says.
    public var creator: String?

    public init(id: String, name: String, creator: String? = nil) {
        self.id = id
        self.name = name
        self.creator = creator
    }
}
