/// Whether someone may do an action.
public enum PermissionDecision: Sendable, Equatable {
    case allowed
    case refused(PermissionRefusal)
}

/// Why someone may not do an action; `message` is the sentence they see.
public enum PermissionRefusal: Sendable, Equatable, Error {
    /// Only the people listed may do it; `suggestCheckIn` when checking in would give the right.
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
