import Foundation

/// Roles: who commands, who communicates, who writes things down, and how a new holder learns of it.
extension IncidentPlanner {
    /// Gives a role to a user; the channel is told and the executive root shows a new commander.
    public func assignRole(_ incident: Incident, role: IncidentRole, to userID: String, by actor: String, now: Date) -> Result<Decision, LifecycleError> {
        guard incident.state.isActive else { return .failure(.ended(incident)) }
        var changed = incident
        switch role {
        case .commander: changed.commander = userID
        case .comms: changed.commsLead = userID
        case .scribe: changed.scribe = userID
        }
        let view = self.view(of: changed, now: now)
        let change = RoleChange(user: userID, role: role.title, actor: actor)
        var effects: [Effect] = [
            .post(Post(target: .incidentChannel, view: view, ring: .responders, content: .roleChanged(change))),
        ]
        if role == .commander {
            effects.append(.setIncidentTopic(topic(of: changed)))
            for channel in changed.toldChannels where channel.ring == .executives {
                effects.append(.updateRoot(Post(target: .named(channel.name), view: view, ring: .executives, content: .execRoot)))
            }
        }
        if holder(of: role, in: incident) != userID {
            // Someone new holds the role: they are briefed, and the executives hear who to ask.
            effects.append(roleBriefing(role, of: changed, to: userID, by: actor, now: now))
            for channel in changed.toldChannels where channel.ring == .executives {
                effects.append(.post(Post(target: .thread(channel.name), view: view, ring: .executives, content: .roleExecThread(change))))
            }
        }
        let entry = TimelineEntry(at: now, kind: .role, actor: actor, text: "\(user: userID) is the \(role.title)", key: TimelineEntry.key(.role, at: now, actor: actor))
        return .success(Decision(incident: changed, effects: effects, timeline: [entry]))
    }

    /// Who holds `role` in `incident`, if anyone.
    func holder(of role: IncidentRole, in incident: Incident) -> String? {
        switch role {
        case .commander: incident.commander
        case .comms: incident.commsLead
        case .scribe: incident.scribe
        }
    }

    /// The direct message that tells `userID` they now hold `role` in `incident`: what the role means (the
    /// `role_briefing` template's words, which a deployment can rewrite) and the incident's state.
    public func roleBriefing(_ role: IncidentRole, of incident: Incident, to userID: String, by actor: String, now: Date) -> Effect {
        .post(Post(target: .directMessage(userID), view: view(of: incident, now: now), content: .roleBriefing(RoleChange(user: userID, role: role.title, actor: actor))))
    }
}
