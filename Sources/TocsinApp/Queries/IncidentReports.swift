import Foundation
import TocsinCore

/// The reads people ask for about incidents (the postmortem draft, the KPIs, the action-item lists,
/// the rings preview), built once here for every way in: the CLI, the chat and a future dashboard.
///
/// It only reads: nothing here changes an incident or queues work for the chat platform.
public struct IncidentReports: Sendable {
    let store: any IncidentStore
    let configuration: TocsinConfiguration
    let now: @Sendable () -> Date

    public init(store: any IncidentStore, configuration: TocsinConfiguration, now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.configuration = configuration
        self.now = now
    }

    /// What the postmortem draft of `incident` shows, as of now.
    public func postmortem(_ incident: Incident) async throws(StoreError) -> PostmortemFacts {
        let timeline = try await store.timeline(incident: incident.number)
        let checkIns = try await store.checkIns(incident: incident.number).map { (userID: $0.userID, at: $0.at) }
        let actions = try await store.actionItems(incident: incident.number)
        let survey = try await store.surveyResponses(incident: incident.number)
        let budget = try await budgetImpact(of: incident, timeline: timeline)
        let invitations = InvitedUsers.invitations(in: try await store.outboxEntries(incident: incident.number))
        return IncidentPlanner(configuration: configuration).postmortem(
            incident, timeline: timeline, checkIns: checkIns, actions: actions, survey: survey, errorBudget: budget,
            invitations: invitations, now: now()
        )
    }

    /// The postmortem facts of incident `number`; nil when there is no such incident.
    public func postmortem(number: Int) async throws(StoreError) -> PostmortemFacts? {
        guard let incident = try await store.incident(number: number) else { return nil }
        return try await postmortem(incident)
    }

    /// Time to action, action-item and survey completion per severity, over every incident.
    public func kpis() async throws(StoreError) -> KPIReport {
        // On-call shifts are kept as incident records but are not incidents: they count in no KPI.
        let histories = try await store.incidentHistories().filter { !$0.incident.isOncallShift }
        var firstCheckIns: [Int: Date] = [:]
        var surveys: [Int: (answered: Int, participants: Int)] = [:]
        for history in histories {
            let number = history.incident.number
            if let first = history.checkIns.min(by: { $0.at < $1.at }) { firstCheckIns[number] = first.at }
            if history.incident.state == .resolved {
                let participants = RetroSurvey.participants(history.incident, checkIns: history.checkIns.map(\.userID))
                surveys[number] = (history.survey.filter { participants.contains($0.userID) }.count, participants.count)
            }
        }
        return KPIReport.make(
            incidents: histories.map(\.incident), firstCheckIns: firstCheckIns, actions: try await store.actionItems(incident: nil),
            surveys: surveys, configuration: configuration
        )
    }

    /// Today as action items' due dates are written (`YYYY-MM-DD`, UTC), for telling which are overdue.
    public var today: String {
        UTCTime.day(now())
    }

    /// Every open action item, overdue first.
    public func openActionItems() async throws(StoreError) -> [ActionItem] {
        ActionItem.followUpOrder(try await store.actionItems(incident: nil), today: today)
    }

    /// The action items of one incident, in the order they were recorded.
    public func actionItems(of incident: Incident) async throws(StoreError) -> [ActionItem] {
        try await store.actionItems(incident: incident.number)
    }

    /// Who would be engaged and informed for an incident on `service` (nil: no known service) at `severity`
    /// (nil: the configuration's default). It reads only the configuration, so it needs no store.
    public static func ringsPreview(service: String?, severity: String?, configuration: TocsinConfiguration) throws(RingsPreviewError) -> RingsPreview {
        let severityName = severity ?? configuration.slack.defaultSeverity.rawValue
        guard let level = configuration.severity(named: severityName) else {
            throw .unknownSeverity(severityName, known: configuration.severities.map(\.name.rawValue))
        }
        if let service, configuration.service(named: service) == nil {
            throw .unknownService(service, known: configuration.services.map(\.name))
        }
        return IncidentPlanner(configuration: configuration).preview(service: service, severity: level.name)
    }

    /// The rings preview of a running incident: at its severity, for its service.
    public func ringsPreview(of incident: Incident) -> RingsPreview {
        IncidentPlanner(configuration: configuration).preview(service: incident.service, severity: incident.severity)
    }
}

/// Why a rings preview cannot be shown: it names a severity or service the configuration does not have.
public enum RingsPreviewError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownSeverity(String, known: [String])
    case unknownService(String, known: [String])

    public var description: String {
        switch self {
        case .unknownSeverity(let name, let known):
            "There is no severity \(name); use one of \(known.joined(separator: ", "))."
        case .unknownService(let name, let known):
            "There is no service \(name) in the catalog; known services: \(known.joined(separator: ", "))."
        }
    }
}
