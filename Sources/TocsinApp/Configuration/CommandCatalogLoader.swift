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
        var nodes: [Node] = []
        for (index, item) in reader.sequence(top["subcommands"], path: "subcommands").enumerated() {
            let path = "subcommands[\(index)]"
            let keys = reader.mapping(item, path: path, allowed: ["name", "usage", "summary", "scope", "example"])
            let name = reader.string(keys["name"], path: "\(path).name", required: true, parent: item)
            let usage = reader.string(keys["usage"], path: "\(path).usage", required: true, parent: item)
            let summary = reader.string(keys["summary"], path: "\(path).summary", required: true, parent: item)
            let scopeText = reader.string(keys["scope"], path: "\(path).scope", required: true, parent: item)
            let example = reader.string(keys["example"], path: "\(path).example", required: false, parent: item)
            let scope = scopeText.flatMap(SubcommandSpec.Scope.init(rawValue:))
            if scopeText != nil && scope == nil {
                reader.problem("`\(path).scope` must be `incident` or `anywhere`", at: keys["scope"])
            }
            if let name, let usage, let summary, let scope {
                specs.append(SubcommandSpec(name: name, usage: usage, summary: summary, scope: scope, example: example))
                nodes.append(item)
            }
        }
        checkAgainstDefinitions(specs, at: nodes, list: top["subcommands"], reader: &reader)
        guard reader.problems.isEmpty else { throw .invalid(source: source, problems: reader.problems) }
        return CommandCatalog(command: command, description: description, usageHint: usageHint, subcommands: specs)
    }

    /// The definitions file must define exactly the subcommands this version implements (``Subcommand/all``),
    /// each once and with the scope its implementation has: a subcommand with no implementation, or one
    /// implemented but not defined, stops Tocsin at start-up with the name and the line.
    private static func checkAgainstDefinitions(_ specs: [SubcommandSpec], at nodes: [Node], list: Node?, reader: inout YAMLReader) {
        var seen: Set<String> = []
        for (spec, at) in zip(specs, nodes) {
            guard seen.insert(spec.name).inserted else {
                reader.problem("subcommand `\(spec.name)` is defined twice; keep one", at: at)
                continue
            }
            guard let definition = Subcommand.named(spec.name) else { continue }
            if definition.scope != spec.scope {
                reader.problem("subcommand `\(spec.name)` has `scope: \(spec.scope.rawValue)`, but this version runs it \(definition.scope == .incident ? "only inside an incident channel" : "anywhere"); write `scope: \(definition.scope.rawValue)`", at: at)
            }
        }
        for missing in CommandParser.knownSubcommands.subtracting(seen).sorted() {
            reader.problem("subcommand `\(missing)` is understood by this version but not defined; add it to `subcommands`", at: list)
        }
        for extra in seen.subtracting(CommandParser.knownSubcommands).sorted() {
            reader.problem("subcommand `\(extra)` is defined but this version does not implement it", at: list)
        }
    }
}
