import Foundation

/// The retrospective survey each participant is asked after resolution.
public enum RetroSurvey {
    /// Routes a submitted survey back to Tocsin.
    public static let callbackID = "retro_survey"

    public struct Question: Sendable, Equatable {
        public var id: String
        public var label: String
        public var choices: [String]?
    }

    public static let questions = [
        Question(id: "went_well", label: "What went well?", choices: nil),
        Question(id: "was_hard", label: "What was hard?", choices: nil),
        Question(id: "factors", label: "What contributed to the incident?", choices: nil),
        Question(id: "severity_right", label: "Was the severity right?", choices: ["Yes", "It should have been higher", "It should have been lower"]),
    ]

    /// Who is asked: whoever checked in or held a role.
    public static func participants(_ incident: Incident, checkIns: [String]) -> [String] {
        var people: [String] = []
        for user in [incident.commander, incident.commsLead, incident.scribe].compactMap({ $0 }) + checkIns where !people.contains(user) {
            people.append(user)
        }
        return people
    }
}

/// One participant's survey answers.
public struct SurveyResponse: Sendable, Equatable {
    public var userID: String
    /// By question id.
    public var answers: [String: String]
    public var submittedAt: Date

    public init(userID: String, answers: [String: String], submittedAt: Date) {
        self.userID = userID
        self.answers = answers
        self.submittedAt = submittedAt
    }
}
