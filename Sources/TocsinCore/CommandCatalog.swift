/// The `/incident` subcommands as `commands/incident.yml` defines them: the single source for the
/// help text and the app manifest's usage hint, checked at load against ``Subcommand/all``.
public struct CommandCatalog: Sendable, Equatable {
    public var command: String
    public var description: String
    public var usageHint: String
    public var subcommands: [SubcommandSpec]

    public init(command: String, description: String, usageHint: String, subcommands: [SubcommandSpec]) {
        self.command = command
        self.description = description
        self.usageHint = usageHint
        self.subcommands = subcommands
    }

    public func subcommand(named name: String) -> SubcommandSpec? {
        let name = name.lowercased()
        return subcommands.first { $0.name == name }
    }

    /// The help text shown by `/incident help`.
    public var helpText: RichText {
        var text: RichText = "\(strong: command): \(description)"
        for spec in subcommands {
            text.append("\n• `\(command) \(spec.usage)`: \(spec.summary)")
        }
        return text
    }

    /// The text shown by `/incident help <name>`: the subcommand's usage, what it does, where it works
    /// and an example; nil for a name the definitions do not hold.
    public func helpText(for name: String) -> RichText? {
        guard let spec = subcommand(named: name) else { return nil }
        var text: RichText = "`\(command) \(spec.usage)`: \(spec.summary)."
        switch spec.scope {
        case .incident: text.append("\nWorks inside an incident channel and acts on its incident.")
        case .anywhere: text.append("\nWorks in any channel.")
        }
        if let example = spec.example {
            text.append("\nExample: `\(command) \(example)`")
        }
        return text
    }
}

/// One subcommand's text: how to type it, what it does, and where it can be used (which must be
/// where its ``Subcommand`` definition runs it).
public struct SubcommandSpec: Sendable, Equatable {
    public enum Scope: String, Sendable, Equatable {
        /// Only inside an incident channel; acts on that incident.
        case incident
        /// Anywhere.
        case anywhere
    }

    public var name: String
    public var usage: String
    public var summary: String
    public var scope: Scope
    /// A complete command line to copy (without the command), shown by `/incident help <name>`.
    public var example: String?

    public init(name: String, usage: String, summary: String, scope: Scope, example: String? = nil) {
        self.name = name
        self.usage = usage
        self.summary = summary
        self.scope = scope
        self.example = example
    }
}
