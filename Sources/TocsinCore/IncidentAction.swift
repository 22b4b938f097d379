/// Something a person asks to do to an incident that not everyone may do.
public enum IncidentAction: String, Sendable, CaseIterable {
    case changeSeverity, changeRole, postStatus, resolve
    /// Set when customer impact started or ended, or its level: it burns the service's error budget.
    case changeImpact
    /// Answer the incident's retrospective survey.
    case answerSurvey
    case checkIn

    /// Whether the action changes the incident, and so belongs to those `permissions.change_incident` names.
    public var changesIncident: Bool {
        switch self {
        case .changeSeverity, .changeRole, .postStatus, .resolve, .changeImpact: true
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
        case .changeImpact: "change the impact window of #\(number)"
        case .answerSurvey: "answer the retro survey of #\(number)"
        case .checkIn: "check in on #\(number)"
        }
    }
}
