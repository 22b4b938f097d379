import Foundation
import TocsinCore
import Yams

/// Reads `commands/incident.yml`, the single source of the slash command's help, grammar and manifest entry.
public enum CommandCatalogLoader {
    public static func load(path: String) throws(ConfigError) -> CommandCatalog {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw .unreadable(path: path, reason: "the command definitions are missing; point `commands_file` at commands/incident.yml")
        }
        return try parse(text, source: path)
    }

    public static func parse(_ yaml: String, source: String) throws(ConfigError) -> CommandCatalog {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw .invalid(source: source, problems: [ConfigProblem(line: (error as? YamlError)?.line, message: "not valid YAML: \((error as? YamlError)?.summary ?? "\(error)")")])
        }
        var reader = YAMLReader()
        let top = reader.mapping(root, path: "", allowed: ["command", "description", "usage_hint", "subcommands"])
        let command = reader.string(top["command"], path: "command", required: true, parent: root) ?? "/incident"
        let description = reader.string(top["description"], path: "description", required: true, parent: root) ?? ""
        let usageHint = reader.string(top["usage_hint"], path: "usage_hint", required: true, parent: root) ?? ""
        var specs: [SubcommandSpec] = []
        for (index, item) in reader.sequence(top["subcommands"], path: "subcommands").enumerated() {
            let path = "subcommands[\(index)]"
            let keys = reader.mapping(item, path: path, allowed: ["name", "usage", "summary", "scope"])
            let name = reader.string(keys["name"], path: "\(path).name", required: true, parent: item)
            let usage = reader.string(keys["usage"], path: "\(path).usage", required: true, parent: item)
            let summary = reader.string(keys["summary"], path: "\(path).summary", required: true, parent: item)
            let scopeText = reader.string(keys["scope"], path: "\(path).scope", required: true, parent: item)
            let scope = scopeText.flatMap(SubcommandSpec.Scope.init(rawValue:))
            if scopeText != nil && scope == nil {
                reader.problem("`\(path).scope` must be `incident` or `anywhere`", at: keys["scope"])
            }
            if let name, let usage, let summary, let scope {
                specs.append(SubcommandSpec(name: name, usage: usage, summary: summary, scope: scope))
            }
        }
        let listed = Set(specs.map(\.name))
        for missing in CommandParser.knownSubcommands.subtracting(listed).sorted() {
            reader.problem("subcommand `\(missing)` is understood by this version but not defined; add it to `subcommands`", at: top["subcommands"])
        }
        for extra in listed.subtracting(CommandParser.knownSubcommands).sorted() {
            reader.problem("subcommand `\(extra)` is defined but this version does not implement it", at: top["subcommands"])
        }
        guard reader.problems.isEmpty else { throw .invalid(source: source, problems: reader.problems) }
        return CommandCatalog(command: command, description: description, usageHint: usageHint, subcommands: specs)
    }
}
