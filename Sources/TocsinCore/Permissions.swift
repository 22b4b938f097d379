/// Decides who may do what to an incident, from the configuration's `permissions` and the service catalog.
///
/// Pure: the check-ins and the members of user groups come in the ``PermissionContext``.
public struct Permissions: Sendable {
    /// The configured policy the decisions follow.
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
        case .changeSeverity, .changeRole, .postStatus, .resolve, .changeImpact:
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
