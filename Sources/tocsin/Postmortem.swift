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

/// `tocsin kpis`: time to action, action-item and survey completion, per severity.
struct KPIs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kpis", abstract: "Print incident KPIs per severity from the database.")

    @OptionGroup var options: ConfigOptions

    @OptionGroup var store: DatabaseOptions

    func run() async throws {
        let (loaded, _) = try options.load(embeddedDefaultWhenMissing: true)
        let database = store.path()
        print(try await OfflineReports(database: database, configuration: loaded.configuration, templatesDirectory: options.templatesDirectory(loaded)).kpis())
    }
}
