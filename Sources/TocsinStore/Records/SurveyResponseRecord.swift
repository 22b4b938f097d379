import Foundation
import GRDB
import TocsinApp
import TocsinCore

/// A row of `survey_response`: one participant's answers to an incident's survey.
struct SurveyResponseRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "survey_response"

    /// The properties as the table's columns name them.
    enum CodingKeys: String, CodingKey {
        case incidentNumber = "incident_number", userID = "user_id", answers, submittedAt = "submitted_at"
    }

    /// The table's columns, named once.
    enum Columns {
        static let incidentNumber = Column(CodingKeys.incidentNumber)
        static let submittedAt = Column(CodingKeys.submittedAt)
    }

    var incidentNumber: Int
    var userID: String
    /// JSON object of question to answer.
    var answers: String
    var submittedAt: Date

    init(_ response: SurveyResponse, incident number: Int) throws(StoreError) {
        try StoredDate.check(response.submittedAt, "a survey answer on incident #\(number)")
        incidentNumber = number
        userID = response.userID
        answers = try RecordJSON.column(response.answers, "the survey answers of \(response.userID) on incident #\(number)")
        submittedAt = response.submittedAt
    }

    func response() throws(StoreError) -> SurveyResponse {
        let answers = try RecordJSON.decode([String: String].self, from: answers, "the survey answers of \(userID) on incident #\(incidentNumber)")
        return SurveyResponse(userID: userID, answers: answers, submittedAt: submittedAt)
    }
}
