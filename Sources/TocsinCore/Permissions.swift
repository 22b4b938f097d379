/// Something a person asks to do to an incident that not everyone may do.
public enum IncidentAction: String, Sendable, CaseIterable {
    case changeSeverity, changeRole, postStatus, resolve
    /// Answer the incident's retrospective survey.
    case answerSurvey
    case checkIn

    /// Whether the action changes the incident, and so belongs to those `permissions.change_incident` names.
    public var changesIncident: Bool {
        switch self {
        case .changeSeverity, .changeRole, .postStatus, .resolve: true
        case .answerSurvey, .checkIn: false
        }
    }

    /// The action as a sentence names it: "resolve #3".
    func phrase(incident number: Int) -> String {
        switch self {
        case .changeSeverity: "change the severity of #\(number)"
        case .changeRole: "change the roles of #\(number)"
        case .postStatus: "post status updates for #\(number)"
        case .resolve: "resolve #\(number)"
        case .answerSurvey: "answer the retro survey of #\(number)"
        case .checkIn: "check in on #\(number)"
        }
    }
}

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

/// Whether someone may do an action.
public enum PermissionDecision: Sendable, Equatable {
    case allowed
    case refused(PermissionRefusal)
}

/// Why someone may not do an action; `message` is the sentence they see.
public enum PermissionRefusal: Sendable, Equatable, Error {
    /// Only the people listed may do it; `hint` suggests checking in first.
    case notAllowed(IncidentAction, incident: Int, allowed: [RichText], suggestCheckIn: Bool)
    /// The survey is for those who took part.
    case notAParticipant(incident: Int)
    /// The survey opens once the incident is resolved.
    case surveyNotOpen(incident: Int)
    /// Check-ins are for active incidents.
    case incidentClosed(incident: Int, state: IncidentState)
    /// A user group's members could not be looked up, so the right could not be checked.
    case groupUnavailable(handle: String)
    /// A button was clicked outside the channel of the incident it names.
    case buttonFromAnotherChannel(label: String, incident: Int)

    /// A short code for logs.
    public var code: String {
        switch self {
        case .notAllowed: "not_allowed"
        case .notAParticipant: "not_a_participant"
        case .surveyNotOpen: "survey_not_open"
        case .incidentClosed: "incident_closed"
        case .groupUnavailable: "group_unavailable"
        case .buttonFromAnotherChannel: "button_from_another_channel"
        }
    }

    /// One sentence for the person, saying who can or what to do instead.
    public func message(command: String) -> RichText {
        switch self {
        case .notAllowed(let action, let number, let allowed, let suggestCheckIn):
            let hint = suggestCheckIn ? "; check in with `\(command) checkin` first if you are working on it." : "."
            guard !allowed.isEmpty else {
                return "Nobody may \(action.phrase(incident: number)) under this workspace's `permissions` configuration; ask the operator to change it."
            }
            var text: RichText = "Only "
            for (index, who) in allowed.enumerated() {
                if index > 0 { text.append(index == allowed.count - 1 ? (allowed.count > 2 ? ", or " : " or ") : ", ") }
                text.append(who)
            }
            text.append(" can \(action.phrase(incident: number))\(hint)")
            return text
        case .notAParticipant(let number):
            return "Only the people who took part in #\(number) (its commander, comms lead, scribe and those who checked in) can answer its retro survey."
        case .surveyNotOpen(let number):
            return "The retro survey of #\(number) opens once it is resolved; answer it then."
        case .incidentClosed(let number, let state):
            return "#\(number) is \(state.rawValue); there is nothing to check in on any more (`\(command) list` shows the active incidents)."
        case .groupUnavailable(let handle):
            return "I could not check @\(handle)'s members just now; try again in a minute."
        case .buttonFromAnotherChannel(let label, let number):
            return "That \(label) button does not belong to this channel's incident (it names #\(number)), so nothing was changed; use the buttons in the incident's own channel."
        }
    }
}

/// Decides who may do what to an incident, from the configuration's `permissions` and the service catalog.
///
/// Pure: the check-ins and the members of user groups come in the ``PermissionContext``.
public struct Permissions: Sendable {
    public let policy: PermissionPolicy
    let configuration: TocsinConfiguration

    public init(configuration: TocsinConfiguration) {
        self.policy = configuration.permissions
        self.configuration = configuration
    }

    /// The user groups whose members can decide `action` on `incident`, for the app layer to look up
    /// when someone is refused without them.
    public func groups(for action: IncidentAction, in incident: Incident) -> [String] {
        guard action.changesIncident else { return [] }
        var refs = policy.also
        if policy.changeIncident.contains(.responders) { refs += responders(of: incident) }
        var handles: [String] = []
        for case .group(let handle) in refs where !handles.contains(handle.lowercased()) {
            handles.append(handle.lowercased())
        }
        return handles
    }

    /// Whether `user` may do `action` on `incident`.
    public func may(_ action: IncidentAction, user: String, in incident: Incident, context: PermissionContext) -> PermissionDecision {
        switch action {
        case .checkIn:
            return incident.state.isActive ? .allowed : .refused(.incidentClosed(incident: incident.number, state: incident.state))
        case .answerSurvey:
            guard incident.state == .resolved else { return .refused(.surveyNotOpen(incident: incident.number)) }
            let participants = RetroSurvey.participants(incident, checkIns: Array(context.checkedIn))
            return participants.contains(user) ? .allowed : .refused(.notAParticipant(incident: incident.number))
        case .changeSeverity, .changeRole, .postStatus, .resolve:
            if holds(user, incident: incident, context: context) { return .allowed }
            return .refused(.notAllowed(
                action, incident: incident.number, allowed: allowed(in: incident),
                suggestCheckIn: policy.changeIncident.contains(.checkedIn) && incident.state.isActive
            ))
        }
    }

    private func holds(_ user: String, incident: Incident, context: PermissionContext) -> Bool {
        for party in policy.changeIncident {
            switch party {
            case .commander where incident.commander == user: return true
            case .comms where incident.commsLead == user: return true
            case .responders where Self.matches(user, responders(of: incident), context): return true
            case .checkedIn where context.checkedIn.contains(user): return true
            default: continue
            }
        }
        return Self.matches(user, policy.also, context)
    }

    private static func matches(_ user: String, _ refs: [ResponderRef], _ context: PermissionContext) -> Bool {
        refs.contains { ref in
            switch ref {
            case .user(let id): id == user
            case .group(let handle): context.groupMembers[handle.lowercased()]?.contains(user) == true
            }
        }
    }

    private func responders(of incident: Incident) -> [ResponderRef] {
        incident.service.flatMap { configuration.service(named: $0) }?.responders ?? []
    }

    /// Who may change the incident, as the refusal names them.
    private func allowed(in incident: Incident) -> [RichText] {
        var names: [RichText] = []
        for party in policy.changeIncident {
            switch party {
            case .commander: names.append("the commander (\(user: incident.commander))")
            case .comms: names.append(incident.commsLead.map { "the comms lead (\(user: $0))" } ?? "the comms lead")
            case .responders:
                if let service = incident.service, !responders(of: incident).isEmpty { names.append("\(service)'s responders") }
            case .checkedIn: names.append("people who checked in")
            }
        }
        for ref in policy.also {
            switch ref {
            case .user(let id): names.append("\(user: id)")
            case .group(let handle): names.append(RichText("@\(handle)"))
            }
        }
        return names
    }
}
