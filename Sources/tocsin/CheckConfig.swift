import ArgumentParser
import TocsinApp
import TocsinCore

/// `tocsin check-config`: validates the configuration and the command definitions, listing every problem.
struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check the configuration file and report every problem with its line."
    )

    @OptionGroup var options: ConfigOptions

    func run() throws {
        do {
            let (loaded, catalog) = try options.load()
            let templateProblems = options.templateProblems(loaded)
            guard templateProblems.isEmpty else { throw ConfigError.invalid(source: options.config, problems: templateProblems) }
            let configuration = loaded.configuration
            print("\(options.config) is valid: \(configuration.severities.count) severities (\(configuration.severities.map(\.name.rawValue).joined(separator: ", "))), \(configuration.services.count) services, \(catalog.subcommands.count) subcommands of \(catalog.command).")
        } catch let error as ConfigError {
            print(error.description)
            throw ExitCode(1)
        }
    }
}
