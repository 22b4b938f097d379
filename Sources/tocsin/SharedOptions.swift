import ArgumentParser
import Foundation
import TocsinApp
import TocsinCore
import TocsinSlack

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
        let commands = ResourceLocator.locate(loaded.commandsFile)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: commands, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ConfigError.invalid(source: config, problems: [
                ConfigProblem(line: loaded.commandsFileLine, message: "`commands_file` is `\(loaded.commandsFile)`, which is not a file; point it at the command definitions (e.g. commands/incident.yml)"),
            ])
        }
        let catalog = try CommandCatalogLoader.load(path: commands)
        return (loaded, catalog)
    }

    /// What `serve` would refuse about the templates: a `templates_dir` that is not a directory, or
    /// templates in it that do not load.
    func templateProblems(_ loaded: LoadedConfiguration) -> [ConfigProblem] {
        let directory = ResourceLocator.locate(loaded.templatesDirectory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return [ConfigProblem(line: loaded.templatesDirectoryLine, message: "`templates_dir` is `\(loaded.templatesDirectory)`, which is not a directory; point it at a directory of message templates (e.g. templates)")]
        }
        do {
            _ = try TemplateRenderer(directory: directory, markup: SlackMarkup())
            return []
        } catch {
            return [ConfigProblem(line: loaded.templatesDirectoryLine, message: "the templates in `\(loaded.templatesDirectory)` do not load: \(error)")]
        }
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
