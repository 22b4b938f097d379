import ArgumentParser
import Foundation
import TocsinCore
import TocsinServer

/// `tocsin slo`: every SLO's error budget from the database, as text or as the JSON the README documents.
struct SLOReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slo", abstract: "Print every SLO's error budget (budget, consumed, remaining, incidents) from the database."
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: "Only the SLOs of this catalog service.")
    var service: String?

    @Option(help: "Output format: text or json.")
    var format: String = "text"

    @OptionGroup var store: DatabaseOptions

    func run() async throws {
        guard format == "text" || format == "json" else { throw ValidationError("--format is text or json, not \(format).") }
        let (loaded, _) = try options.load(embeddedDefaultWhenMissing: true)
        var name: String?
        if let service {
            guard let entry = loaded.configuration.service(named: service) else {
                throw ValidationError("There is no service \(service) in the catalog; known services: \(loaded.configuration.services.map(\.name).joined(separator: ", ")).")
            }
            name = entry.name
        }
        let reports = try OfflineReports(database: store.path(), configuration: loaded.configuration, templatesDirectory: options.templatesDirectory(loaded))
        print(try await reports.budgets(service: name, json: format == "json"))
    }
}
