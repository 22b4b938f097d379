import Foundation
import TocsinApp
import TocsinCore
import TocsinSlack
import TocsinStore

/// Reports read straight from the database, without a running bot: the postmortem draft and the KPIs.
public struct OfflineReports {
    let store: AppDatabase
    let configuration: TocsinConfiguration
    let renderer: TemplateRenderer

    public init(database: String, configuration: TocsinConfiguration, templatesDirectory: String) throws {
        guard FileManager.default.fileExists(atPath: database) else { throw StartupError.store(.unavailable("\(database) does not exist")) }
        store = try AppDatabase(path: database)
        self.configuration = configuration
        renderer = try TemplateRenderer(directory: templatesDirectory, markup: SlackMarkup())
    }

    public func postmortem(number: Int) async throws -> String? {
        guard let incident = try await store.incident(number: number) else { return nil }
        let timeline = try await store.timeline(incident: number)
        let checkIns = try await store.checkIns(incident: number).map { (userID: $0.userID, at: $0.at) }
        let actions = try await store.actionItems(incident: number)
        let survey = try await store.surveyResponses(incident: number)
        let facts = IncidentPlanner(configuration: configuration).postmortem(incident, timeline: timeline, checkIns: checkIns, actions: actions, survey: survey, now: Date())
        return try renderer.renderPostmortem(facts)
    }

    public func kpis() async throws -> String {
        var incidents: [Incident] = []
        for number in try await store.incidentNumbers() {
            if let incident = try await store.incident(number: number) { incidents.append(incident) }
        }
        var firstCheckIns: [Int: Date] = [:]
        var surveys: [Int: (answered: Int, participants: Int)] = [:]
        for incident in incidents {
            let checkIns = try await store.checkIns(incident: incident.number)
            if let first = checkIns.first { firstCheckIns[incident.number] = first.at }
            if incident.state == .resolved {
                let participants = RetroSurvey.participants(incident, checkIns: checkIns.map(\.userID))
                let answered = try await store.surveyResponses(incident: incident.number).filter { participants.contains($0.userID) }.count
                surveys[incident.number] = (answered, participants.count)
            }
        }
        let report = KPIReport.make(
            incidents: incidents, firstCheckIns: firstCheckIns, actions: try await store.actionItems(incident: nil),
            surveys: surveys, configuration: configuration
        )
        return report.text
    }
}
