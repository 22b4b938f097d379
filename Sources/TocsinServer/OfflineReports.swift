import Foundation
import TocsinApp
import TocsinCore
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
        renderer = try TemplateRenderer(directory: templatesDirectory)
    }

    public func postmortem(number: Int) async throws -> String? {
        guard let incident = try await store.incident(number: number) else { return nil }
        let timeline = try await store.timeline(incident: number)
        let checkIns = try await store.checkIns(incident: number).map { (userID: $0.userID, at: $0.at) }
        let actions = try await store.actionItems(incident: number)
        let facts = IncidentPlanner(configuration: configuration).postmortem(incident, timeline: timeline, checkIns: checkIns, actions: actions, now: Date())
        return try renderer.renderPostmortem(facts)
    }

    public func kpis() async throws -> String {
        var incidents: [Incident] = []
        for number in try await store.incidentNumbers() {
            if let incident = try await store.incident(number: number) { incidents.append(incident) }
        }
        var firstCheckIns: [Int: Date] = [:]
        for incident in incidents {
            if let first = try await store.checkIns(incident: incident.number).first { firstCheckIns[incident.number] = first.at }
        }
        let report = KPIReport.make(
            incidents: incidents, firstCheckIns: firstCheckIns, actions: try await store.actionItems(incident: nil), configuration: configuration
        )
        return report.text
    }
}
