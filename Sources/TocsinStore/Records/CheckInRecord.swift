import Foundation
import GRDB
import TocsinApp

/// A row of `check_in`: one responder's first check-in on an incident.
struct CheckInRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "check_in"

    /// The properties as the table's columns name them.
    enum CodingKeys: String, CodingKey {
        case incidentNumber = "incident_number", userID = "user_id", checkedInAt = "checked_in_at"
    }

    /// The table's columns, named once.
    enum Columns {
        static let incidentNumber = Column(CodingKeys.incidentNumber)
        static let userID = Column(CodingKeys.userID)
        static let checkedInAt = Column(CodingKeys.checkedInAt)
    }

    var incidentNumber: Int
    var userID: String
    var checkedInAt: Date

    var checkIn: CheckIn { CheckIn(userID: userID, at: checkedInAt) }
}
