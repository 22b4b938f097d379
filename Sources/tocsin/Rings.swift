import ArgumentParser
import TocsinApp
import TocsinCore

/// `tocsin rings`: the communication rings, before any incident.
struct Rings: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect the communication rings.",
        subcommands: [Preview.self]
    )

    /// `tocsin rings preview`: who is engaged and which channels are informed for a service at a severity.
    struct Preview: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show who would be engaged and informed if the service had an incident at the severity, and at every other severity."
        )

        @OptionGroup var options: ConfigOptions

        @Option(help: "The service (omit for an incident on no known service).")
        var service: String?

        @Option(help: "The severity, e.g. SEV1 (default: the configuration's default severity).")
        var severity: String?

        func run() throws {
            let (loaded, _) = try options.load(embeddedDefaultWhenMissing: true)
            let preview: RingsPreview
            do {
                preview = try IncidentReports.ringsPreview(service: service, severity: severity, configuration: loaded.configuration)
            } catch {
                throw ValidationError(error.description)
            }
            print(preview.describe())
        }
    }
}
