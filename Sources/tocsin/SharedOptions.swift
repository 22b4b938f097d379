import ArgumentParser
import Foundation
import TocsinApp
import TocsinCore

/// Flags every command that reads the configuration shares.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file.")
    var config: String = "tocsin.yml"

    /// The configuration and command catalog, or one readable failure.
    func load(embeddedDefaultWhenMissing: Bool = false) throws -> (LoadedConfiguration, CommandCatalog) {
        let loaded: LoadedConfiguration
        if embeddedDefaultWhenMissing && !FileManager.default.fileExists(atPath: config) {
            loaded = try ConfigurationLoader.parse(DefaultConfiguration.yaml, source: "the embedded default configuration")
        } else {
            loaded = try ConfigurationLoader.load(path: config)
        }
        let catalog = try CommandCatalogLoader.load(path: ResourceLocator.locate(loaded.commandsFile))
        return (loaded, catalog)
    }
}

/// Finds the project's `commands/` and `templates/` when Tocsin runs from elsewhere than the checkout.
enum ResourceLocator {
    /// `path` as given when it exists; otherwise the same relative path beside the checkout the binary was built in.
    static func locate(_ path: String) -> String {
        let fileManager = FileManager.default
        if path.hasPrefix("/") || fileManager.fileExists(atPath: path) { return path }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(path).path
            if fileManager.fileExists(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return path
    }
}

/// A failure to show the operator as one sentence (or a list of problems), then exit non-zero.
struct OperatorError: Error, CustomStringConvertible {
    let description: String
}
