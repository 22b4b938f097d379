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
        subcommands.first { $0.name == name.lowercased() }
    }

    /// The help text shown by `/incident help`.
    public var helpText: RichText {
        var text: RichText = "\(strong: command): \(description)"
        for spec in subcommands {
            text.append("\n• `\(command) \(spec.usage)`: \(spec.summary)")
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

    public init(name: String, usage: String, summary: String, scope: Scope) {
        self.name = name
        self.usage = usage
        self.summary = summary
        self.scope = scope
    }
}
