/// A part someone plays in an incident that can give them the right to change it.
public enum IncidentParty: String, Sendable, CaseIterable {
    case commander, comms, responders
    /// Whoever checked in on the incident.
    case checkedIn = "checked_in"
}

/// Who may change an incident, as configured under `permissions:`.
public struct PermissionPolicy: Sendable, Equatable {
    /// The parts that may change severity, roles and status, and resolve (in the order refusals name them).
    public var changeIncident: [IncidentParty]
    /// Users and user groups allowed to change every incident, whatever part they play.
    public var also: [ResponderRef]

    public init(changeIncident: [IncidentParty] = IncidentParty.allCases, also: [ResponderRef] = []) {
        self.changeIncident = changeIncident
        self.also = also
    }

    /// The defaults: the commander, the comms lead, the service's responders and whoever checked in.
    public static let defaults = PermissionPolicy()
}

/// What a permission decision needs beyond the incident: facts the store and the workspace hold.
public struct PermissionContext: Sendable, Equatable {
    /// Everyone who checked in on the incident.
    public var checkedIn: Set<String>
    /// Members of user groups, by handle in lowercase; a group missing here counts as having no members.
    public var groupMembers: [String: Set<String>]

    public init(checkedIn: Set<String> = [], groupMembers: [String: Set<String>] = [:]) {
        self.checkedIn = checkedIn
        self.groupMembers = groupMembers
    }
}
