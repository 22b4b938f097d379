import Foundation
import TocsinApp
import TocsinCore
import TocsinSlack
import TocsinStore

/// Reports read straight from the database, without a running bot: the postmortem draft and the KPIs.
///
/// Only the composition lives here (which database, which templates); the reads are ``IncidentReports``,
/// the same the chat's follow-up subcommands use.
public struct OfflineReports {
    let reports: IncidentReports
    let renderer: TemplateRenderer

    /// `templatesDirectory` nil reads the built-in templates.
    public init(database: String, configuration: TocsinConfiguration, templatesDirectory: String?) throws {
        guard FileManager.default.fileExists(atPath: database) else { throw StartupError.store(.unavailable("\(database) does not exist")) }
        reports = IncidentReports(store: try AppDatabase(path: database), configuration: configuration)
        renderer = try templatesDirectory.map { directory throws(RenderError) in try TemplateRenderer(directory: directory) } ?? TemplateRenderer()
    }

    /// The postmortem draft (Markdown) of incident `number`; nil when there is no such incident.
    public func postmortem(number: Int) async throws -> String? {
        guard let facts = try await reports.postmortem(number: number) else { return nil }
        return try renderer.renderPostmortem(facts)
    }

    /// The KPI table for a terminal.
    public func kpis() async throws -> String {
        try await reports.kpis().text
    }

    /// Every SLO's error budget (or `service`'s), as text or as the documented JSON.
    public func budgets(service: String?, json: Bool, now: Date = Date()) async throws -> String {
        let statuses = try await reports.budgets(service: service)
        return json ? BudgetReport(statuses, at: now).json : BudgetText.report(statuses)
    }
}
