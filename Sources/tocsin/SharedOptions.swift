import ArgumentParser
import Foundation
import Logging
import TocsinApp
import TocsinCore
import TocsinSlack

/// Flags every command that reads the configuration shares.
struct ConfigOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "The configuration file (default: tocsin.yml, or TOCSIN_CONFIG).")
    var configFlag: String?

    /// The configuration file: `--config`, else `TOCSIN_CONFIG`, else `tocsin.yml`.
    var config: String {
        configFlag ?? EnvironmentSetting.text("TOCSIN_CONFIG") ?? "tocsin.yml"
    }

    /// The configuration and command catalog, or one readable failure.
    func load(embeddedDefaultWhenMissing: Bool = false) throws -> (LoadedConfiguration, CommandCatalog) {
        let (loaded, _, catalog) = try loadWithSlackSettings(embeddedDefaultWhenMissing: embeddedDefaultWhenMissing)
        return (loaded, catalog)
    }

    /// The configuration, the Slack adapter's own settings in it (`slack.rate_limits`) and the command
    /// catalog; problems in the configuration and in the adapter's settings are reported together.
    func loadWithSlackSettings(embeddedDefaultWhenMissing: Bool = false) throws -> (LoadedConfiguration, RateLimitSettings, CommandCatalog) {
        let yaml: String
        let source: String
        if embeddedDefaultWhenMissing && !FileManager.default.fileExists(atPath: config) {
            (yaml, source) = (DefaultConfiguration.yaml, "the embedded default configuration")
        } else {
            guard let text = try? String(contentsOfFile: config, encoding: .utf8) else {
                throw ConfigError.unreadable(path: config, reason: "the file does not exist or is not UTF-8 text")
            }
            (yaml, source) = (text, config)
        }
        var problems: [ConfigProblem] = []
        var parsed: LoadedConfiguration?
        do {
            parsed = try ConfigurationLoader.parse(yaml, source: source)
        } catch {
            problems += error.problems
        }
        var rateLimits = RateLimitSettings()
        do {
            rateLimits = try RateLimitSettings.read(fromConfiguration: yaml, source: source)
        } catch {
            problems += error.problems
        }
        guard let loaded = parsed, problems.isEmpty else { throw ConfigError.invalid(source: source, problems: problems) }
        // Without `commands_file` in the configuration, the definitions built into the binary.
        guard loaded.commandsFileLine != nil else { return (loaded, rateLimits, try CommandCatalogLoader.builtin()) }
        let commands = ResourceLocator.locate(loaded.commandsFile)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: commands, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ConfigError.invalid(source: config, problems: [
                ConfigProblem(line: loaded.commandsFileLine, message: "`commands_file` is `\(loaded.commandsFile)`, which is not a file; point it at the command definitions (e.g. commands/incident.yml)"),
            ])
        }
        let catalog = try CommandCatalogLoader.load(path: commands)
        return (loaded, rateLimits, catalog)
    }

    /// The directory of templates replacing the built-in ones: `templates_dir` when the configuration
    /// sets it, else nil (the templates built into the binary).
    func templatesDirectory(_ loaded: LoadedConfiguration) -> String? {
        loaded.templatesDirectoryLine == nil ? nil : ResourceLocator.locate(loaded.templatesDirectory)
    }

    /// What `serve` would refuse about the templates: a `templates_dir` that is not a directory, or
    /// templates in it (or built in) that do not load.
    func templateProblems(_ loaded: LoadedConfiguration) -> [ConfigProblem] {
        guard let directory = templatesDirectory(loaded) else {
            do {
                _ = try TemplateRenderer()
                return []
            } catch {
                return [ConfigProblem(line: nil, message: "the built-in templates do not load: \(error)")]
            }
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return [ConfigProblem(line: loaded.templatesDirectoryLine, message: "`templates_dir` is `\(loaded.templatesDirectory)`, which is not a directory; point it at a directory of message templates (e.g. templates)")]
        }
        do {
            _ = try TemplateRenderer(directory: directory)
            return []
        } catch {
            return [ConfigProblem(line: loaded.templatesDirectoryLine, message: "the templates in `\(loaded.templatesDirectory)` do not load: \(error)")]
        }
    }
}

/// The database flag of every command that opens the store (`serve`, `sandbox`, `postmortem`, `kpis`).
struct DatabaseOptions: ParsableArguments {
    /// The file the bot keeps its state in unless `--database` names another.
    static let defaultPath = "tocsin.sqlite"
    /// The sandbox's own file, so a demo never touches a real deployment's state.
    static let sandboxDefaultPath = "tocsin-sandbox.sqlite"

    @Option(name: .long, help: "The SQLite database file, or a PostgreSQL URL postgres://user:password@host:5432/db?sslmode=disable|prefer|require (default: TOCSIN_DATABASE, else \(DatabaseOptions.defaultPath); for sandbox: \(DatabaseOptions.sandboxDefaultPath)).")
    var database: String?

    /// The file (or PostgreSQL URL) to open: `--database`, else `TOCSIN_DATABASE`, else the command's default.
    func path(default fallback: String = DatabaseOptions.defaultPath) -> String {
        database ?? EnvironmentSetting.text("TOCSIN_DATABASE") ?? fallback
    }
}

/// The flags of the commands that run the bot (`serve`, `sandbox`); each can come from a `TOCSIN_*`
/// variable instead (the flag wins).
struct BotOptions: ParsableArguments {
    @Option(name: .customLong("port"), help: "The port the bot listens on (default: TOCSIN_PORT, else 8080).")
    var portFlag: Int?

    @Option(name: .customLong("log-level"), help: "Log level: trace, debug, info, notice, warning, error (default: TOCSIN_LOG_LEVEL, else info).")
    var logLevelFlag: Logger.Level?

    @Option(name: .customLong("log-format"), help: "Log format: text or json, one object per line (default: TOCSIN_LOG_FORMAT, else text).")
    var logFormatFlag: LogFormat?

    mutating func validate() throws {
        _ = try settings()
    }

    /// The port and logging the bot runs with, from the flags, the environment and the defaults.
    func settings() throws -> BotSettings {
        BotSettings(
            port: try EnvironmentSetting.port(portFlag, flagName: "--port", variable: "TOCSIN_PORT", default: 8080),
            logLevel: try EnvironmentSetting.value(logLevelFlag, flagName: "--log-level", variable: "TOCSIN_LOG_LEVEL", default: .info),
            logFormat: try EnvironmentSetting.value(logFormatFlag, flagName: "--log-format", variable: "TOCSIN_LOG_FORMAT", default: .text)
        )
    }
}

/// What `BotOptions` resolve to once flags, environment and defaults are weighed.
struct BotSettings {
    var port: Int
    var logLevel: Logger.Level
    var logFormat: LogFormat
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
