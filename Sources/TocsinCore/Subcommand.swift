/// One `/incident` subcommand as this version implements it: its name, where it works, and how its words
/// are read. ``Subcommand/all`` is the one list of subcommands: the parser reads by it, the command
/// definitions file (`commands/incident.yml`, the source of the help and manifest text) must define exactly
/// these with the same scope, and the router enforces the scope given here.
public struct Subcommand: Sendable {
    public typealias Scope = SubcommandSpec.Scope

    /// The word typed after the command, lowercase.
    public let name: String
    /// Where it works; follows from what its grammar reads (``IncidentCommand/anywhere(_:)`` or ``IncidentCommand/inIncident(_:)``).
    public let scope: Scope
    let read: @Sendable (inout Words, Grammar) -> Result<IncidentCommand, CommandError>

    private init(name: String, scope: Scope, read: @escaping @Sendable (inout Words, Grammar) -> Result<IncidentCommand, CommandError>) {
        self.name = name
        self.scope = scope
        self.read = read
    }

    /// A subcommand that works in any channel.
    static func anywhere(_ name: String, _ read: @escaping @Sendable (inout Words, Grammar) -> Result<AnywhereCommand, CommandError>) -> Subcommand {
        Subcommand(name: name, scope: .anywhere) { words, grammar in read(&words, grammar).map(IncidentCommand.anywhere) }
    }

    /// A subcommand that acts on the incident of the channel it is typed in.
    static func inIncident(_ name: String, _ read: @escaping @Sendable (inout Words, Grammar) -> Result<IncidentChannelCommand, CommandError>) -> Subcommand {
        Subcommand(name: name, scope: .incident) { words, grammar in read(&words, grammar).map(IncidentCommand.inIncident) }
    }

    /// A subcommand that takes no arguments (anything typed after it is ignored, as it always was).
    static func anywhere(_ name: String, _ command: AnywhereCommand) -> Subcommand {
        anywhere(name) { _, _ in .success(command) }
    }

    /// An incident-channel subcommand that takes no arguments.
    static func inIncident(_ name: String, _ command: IncidentChannelCommand) -> Subcommand {
        inIncident(name) { _, _ in .success(command) }
    }

    /// The subcommand typed as `word` (any case), if there is one.
    public static func named(_ word: String) -> Subcommand? {
        let name = word.lowercased()
        return all.first { $0.name == name }
    }

    /// Every subcommand, in the order the help lists them.
    public static let all: [Subcommand] = [
        .anywhere("declare", Grammar.declare),
        .inIncident("checkin", .checkIn),
        .inIncident("severity", Grammar.severity),
        .inIncident("status", Grammar.status),
        .inIncident("role", Grammar.role),
        .inIncident("page", Grammar.page),
        .inIncident("note", Grammar.note),
        .inIncident("timeline", Grammar.timeline),
        .inIncident("action", Grammar.action),
        .inIncident("actions", .actions),
        .anywhere("followups", .followups),
        .inIncident("postmortem", .postmortem),
        .inIncident("resolve", Grammar.resolve),
        .inIncident("cancel", Grammar.cancel),
        .inIncident("reopen", Grammar.reopen),
        .inIncident("impact", Grammar.impact),
        .anywhere("slo", Grammar.slo),
        .inIncident("rings", .rings),
        .anywhere("list", .list),
        .anywhere("oncall", Grammar.oncall),
        .anywhere("help", Grammar.help),
    ]
}
