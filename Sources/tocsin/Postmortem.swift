import ArgumentParser
import Foundation
import Logging
import TocsinApp
import TocsinCore
import TocsinServer

/// `tocsin postmortem <number>`: the postmortem draft of an incident, from the database.
struct Postmortem: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the postmortem draft of an incident.")

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The incident number.")
    var number: Int

    @Option(help: "Output format: markdown.")
    var format: String = "markdown"

    @OptionGroup var store: DatabaseOptions

    func run() async throws {
        guard format == "markdown" else { throw ValidationError("Only --format markdown is supported.") }
        let (loaded, _) = try options.load(embeddedDefaultWhenMissing: true)
        let reports = try OfflineReports(database: store.path(), configuration: loaded.configuration, templatesDirectory: options.templatesDirectory(loaded))
        guard let draft = try await reports.postmortem(number: number) else {
            throw OperatorError(description: "There is no incident #\(number) in \(reports.databaseName).")
        }
        print(draft)
    }
}

/// `tocsin kpis`: time to action (median, p90, within target), time to resolve, survey and action-item
/// completion, per severity, over a recent window; drills and cancelled incidents left out.
struct KPIs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpis", abstract: "Print incident KPIs per severity from the database (drills and cancelled incidents left out)."
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: "Only incidents declared within this long before now, e.g. 30d, 12h (default: every incident).")
    var since: String?

    @Option(help: "Output format: text, json or csv.")
    var format: String = "text"

    @OptionGroup var store: DatabaseOptions

    func run() async throws {
        guard let output = KPIFormats.Format(rawValue: format) else { throw ValidationError("--format is text, json or csv, not \(format).") }
        var window: ConfigDuration?
        if let since {
            guard let duration = ConfigDuration(parsing: since) else {
                throw ValidationError("--since is a duration like 30d, 12h or 90m, not \(since).")
            }
            window = duration
        }
        let (loaded, _) = try options.load(embeddedDefaultWhenMissing: true)
        let reports = try OfflineReports(database: store.path(), configuration: loaded.configuration, templatesDirectory: options.templatesDirectory(loaded))
        print(try await reports.kpis(window: window, format: output))
    }
}
