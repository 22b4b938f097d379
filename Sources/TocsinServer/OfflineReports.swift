import Foundation
import Logging
import TocsinApp
import TocsinCore
import TocsinSlack
import TocsinStore
import TocsinStorePostgres

/// Reports read straight from the database, without a running bot: the postmortem draft and the KPIs.
///
/// Only the composition lives here (which database, which templates); the reads are ``IncidentReports``,
/// the same the chat's follow-up subcommands use. Either store works: a SQLite file, or a PostgreSQL URL
/// (its pool runs only while a report is read).
public struct OfflineReports {
    let location: StoreLocation
    let configuration: TocsinConfiguration
    let renderer: TemplateRenderer

    /// `templatesDirectory` nil reads the built-in templates.
    public init(database: String, configuration: TocsinConfiguration, templatesDirectory: String?) throws {
        location = try StoreLocation(database)
        if case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) {
            throw StartupError.store(.unavailable("\(path) does not exist"))
        }
        self.configuration = configuration
        renderer = try templatesDirectory.map { directory throws(RenderError) in try TemplateRenderer(directory: directory) } ?? TemplateRenderer()
    }

    /// The database as messages may name it (a PostgreSQL URL without its password).
    public var databaseName: String { location.description }

    /// The postmortem draft (Markdown) of incident `number`; nil when there is no such incident.
    public func postmortem(number: Int) async throws -> String? {
        guard let facts = try await withReports({ reports in try await reports.postmortem(number: number) }) else { return nil }
        return try renderer.renderPostmortem(facts)
    }

    /// The KPIs of the incidents declared in the `window` before now (all when nil), as text, JSON or CSV.
    public func kpis(window: ConfigDuration? = nil, format: KPIFormats.Format = .text) async throws -> String {
        KPIFormats(try await withReports { reports in try await reports.kpis(window: window) }).render(format)
    }

    /// Runs `body` on the reports of the store at ``location``.
    private func withReports<Value: Sendable>(_ body: @escaping @Sendable (IncidentReports) async throws -> Value) async throws -> Value {
        let configuration = self.configuration
        switch location {
        case .sqlite(let path):
            return try await body(IncidentReports(store: try AppDatabase(path: path), configuration: configuration))
        case .postgres(let postgres):
            // Background messages of the pool are not the report's business: only failures are thrown.
            var quiet = Logger(label: "tocsin.store")
            quiet.logLevel = .critical
            return try await PostgresStore.withRunning(postgres, logger: quiet) { store in
                try await body(IncidentReports(store: store, configuration: configuration))
            }
        }
    }

    /// Every SLO's error budget (or `service`'s), as text or as the documented JSON.
    public func budgets(service: String?, json: Bool, now: Date = Date()) async throws -> String {
        let statuses = try await withReports { reports in try await reports.budgets(service: service) }
        return json ? BudgetReport(statuses, at: now).json : BudgetText.report(statuses)
    }
}
