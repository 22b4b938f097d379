import Foundation

/// The life of an incident, from declaration to an end state.
public enum IncidentState: String, Sendable, Codable, CaseIterable {
    case declared, investigating, identified, monitoring, resolved, cancelled

    public var isActive: Bool { self != .resolved && self != .cancelled }
}

/// The roles an incident's people take.
public enum IncidentRole: String, Sendable, Codable, CaseIterable {
    case commander, comms, scribe

    /// How the role is named to people.
    public var title: String {
        switch self {
        case .commander: "commander"
        case .comms: "comms lead"
        case .scribe: "scribe"
        }
    }
}

/// What an incident record stands for: a real incident, or an on-call shift kept as one.
///
/// A shift is an incident record so that its channel gets everything an incident channel gets (notes, links,
/// reactions and pins go to its timeline, action items, the postmortem command) with no second copy of that
/// machinery; the kind keeps it out of everything that counts or tells incidents (rings, lists, KPIs, SLOs).
public enum IncidentKind: String, Sendable, Codable, CaseIterable {
    case incident
    /// An on-call shift: opened by `/incident oncall start`, closed by `/incident oncall handoff @next`.
    case oncallShift = "oncall"
}

/// An incident as Tocsin keeps it.
public struct Incident: Sendable, Equatable, Codable {
    /// Assigned by the store; also the human-facing number (`#12`).
    public var number: Int
    public var title: String
    public var severity: Severity
    public var service: String?
    public var tier: Int
    public var state: IncidentState
    public var commander: String
    public var commsLead: String?
    public var scribe: String?
    public var declaredBy: String
    public var declaredAt: Date
    public var channel: ChannelInfo?
    /// The text of the latest status update, and when it was posted.
    public var latestStatus: RichText?
    public var lastStatusAt: Date?
    /// When the next status update is due; nil once resolved.
    public var nextUpdateDue: Date?
    /// Status updates missed in a row (reset by each update).
    public var missedUpdates: Int
    /// Every informed ring channel ever told about this incident, in the order first told.
    public var toldChannels: [RingChannel]
    public var resolvedAt: Date?
    /// A real incident, or an on-call shift (see ``IncidentKind``).
    public var kind: IncidentKind

    public init(
        number: Int, title: String, severity: Severity, service: String?, tier: Int, state: IncidentState = .declared,
        commander: String, commsLead: String? = nil, scribe: String? = nil, declaredBy: String, declaredAt: Date,
        channel: ChannelInfo? = nil, latestStatus: RichText? = nil, lastStatusAt: Date? = nil, nextUpdateDue: Date? = nil,
        missedUpdates: Int = 0, toldChannels: [RingChannel] = [], resolvedAt: Date? = nil, kind: IncidentKind = .incident
    ) {
        self.kind = kind
        self.number = number
        self.title = title
        self.severity = severity
        self.service = service
        self.tier = tier
        self.state = state
        self.commander = commander
        self.commsLead = commsLead
        self.scribe = scribe
        self.declaredBy = declaredBy
        self.declaredAt = declaredAt
        self.channel = channel
        self.latestStatus = latestStatus
        self.lastStatusAt = lastStatusAt
        self.nextUpdateDue = nextUpdateDue
        self.missedUpdates = missedUpdates
        self.toldChannels = toldChannels
        self.resolvedAt = resolvedAt
    }

    /// Whether this record is an on-call shift rather than an incident.
    public var isOncallShift: Bool { kind == .oncallShift }

    /// Who answers for communication: the comms lead when there is one, else the commander.
    public var communicator: String { commsLead ?? commander }
}

/// An informed ring's channel: where a ring hears about an incident.
public struct RingChannel: Sendable, Hashable, Codable {
    public var name: String
    public var ring: Ring

    public init(name: String, ring: Ring) {
        self.name = name
        self.ring = ring
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
