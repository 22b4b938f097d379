import TocsinCore

/// One incident with what reports across incidents need of it (its check-ins and survey answers),
/// read for every incident at once so a report costs a few queries, not a few per incident.
public struct IncidentHistory: Sendable, Equatable {
    public var incident: Incident
    /// Earliest first.
    public var checkIns: [CheckIn]
    public var survey: [SurveyResponse]

    public init(incident: Incident, checkIns: [CheckIn], survey: [SurveyResponse]) {
        self.incident = incident
        self.checkIns = checkIns
        self.survey = survey
    }
}
