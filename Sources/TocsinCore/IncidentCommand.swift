/// A parsed `/incident` subcommand, with its arguments checked against the configuration.
///
/// Its two cases are the two scopes a subcommand can have (``Subcommand/Scope``): the router finds the
/// incident of the channel for an ``IncidentChannelCommand`` before it is carried out, in one place.
public enum IncidentCommand: Sendable, Equatable {
    /// A subcommand that works in any channel.
    case anywhere(AnywhereCommand)
    /// A subcommand that acts on the incident of the channel it is typed in.
    case inIncident(IncidentChannelCommand)
}

/// The subcommands that work in any channel.
public enum AnywhereCommand: Sendable, Equatable {
    case declare(IncidentDeclaration)
    /// `declare` with nothing after it: the declare form (a modal) opens.
    case declareForm
    /// Every open action item across incidents, overdue first.
    case followups
    /// Error budgets: every SLO's, or one service's.
    case slo(service: String?)
    case list
    case help
    /// One subcommand's usage and example (`/incident help status`), by its defined name.
    case helpOn(subcommand: String)
    /// `oncall start`: opens the invoker's on-call shift (a channel for its notes).
    case oncallStart
    /// `oncall handoff @next`: closes the shift (the channel's, or the invoker's open one) and hands it to `userID`.
    case oncallHandoff(to: String)
}

/// The subcommands that act on the incident of the channel they are typed in.
public enum IncidentChannelCommand: Sendable, Equatable {
    /// The invoker starts working on the incident.
    case checkIn
    case severity(Severity)
    case status(IncidentState, text: RichText)
    case role(IncidentRole, userID: String)
    case resolve(summary: RichText?)
    /// Declared by mistake: ended without counting as an incident, every ring told once.
    case cancel(reason: RichText)
    /// A resolved or cancelled incident becomes active again.
    case reopen(reason: RichText?)
    /// Who is engaged and who is informed.
    case rings
    case note(RichText)
    /// Bring a service's responders or one person into the incident channel.
    case page(PageTarget)
    /// The timeline so far, a page at a time (1 is the first).
    case timeline(page: Int)
    case action(ActionRequest)
    /// This incident's action items.
    case actions
    /// The postmortem draft for this incident.
    case postmortem
    /// A change to the impact window or level.
    case impact(ImpactRequest)
}

/// A parsed command line: which subcommand was typed, and what it asks for.
public struct Invocation: Sendable, Equatable {
    /// The subcommand's name as defined (lowercase), for replies and logs.
    public var subcommand: String
    public var command: IncidentCommand

    public init(subcommand: String, command: IncidentCommand) {
        self.subcommand = subcommand
        self.command = command
    }
}

/// What `/incident declare` asks for; severity and service are already resolved to configured names.
public struct IncidentDeclaration: Sendable, Equatable {
    public var severity: Severity
    public var service: String?
    /// Plain text on one line: mentions and links were written out as text.
    public var title: String

    public init(severity: Severity, service: String?, title: String) {
        self.severity = severity
        self.service = service
        self.title = title
    }
}

/// Why a command line was not understood; `message` is the one sentence the person sees.
public enum CommandError: Error, Sendable, Equatable {
    case empty
    /// A word that names no subcommand, with the subcommand it was most likely meant to be, when one is close.
    case unknownSubcommand(String, nearest: String? = nil)
    case unknownSeverity(String, known: [String])
    case missingTitle(usage: String)
    case titleTooLong(limit: Int)
    case missingSeverity(known: [String])
    case badStatus(usage: String)
    case badRole(usage: String)
    case notInIncidentChannel(subcommand: String)
    case missingNote
    /// `cancel` without saying why.
    case missingCancelReason
    case badAction(usage: String)
    case badPage(usage: String, services: [String])
    case badDueDate(String)
    /// What was typed (a status, note, resolve summary or action item) is longer than `limit` characters.
    case textTooLong(what: String, limit: Int, length: Int)
    case badImpact(usage: String)
    /// A time that is not `HH:MM` within a day.
    case badClockTime(String)
    case unknownService(String, known: [String])
    /// `oncall` without `start` or `handoff`.
    case badOncall(usage: String)
    /// `oncall handoff` without a person to hand over to (a mention), or with something that is not one.
    case handoffNeedsUser(typed: String?)

    /// A short code for logs and metric labels.
    public var code: String {
        switch self {
        case .empty: "empty"
        case .unknownSubcommand: "unknown_subcommand"
        case .unknownSeverity: "unknown_severity"
        case .missingTitle: "missing_title"
        case .titleTooLong: "title_too_long"
        case .missingSeverity: "missing_severity"
        case .badStatus: "bad_status"
        case .badRole: "bad_role"
        case .notInIncidentChannel: "not_in_incident_channel"
        case .missingNote: "missing_note"
        case .missingCancelReason: "missing_cancel_reason"
        case .badAction: "bad_action"
        case .badPage: "bad_page"
        case .badDueDate: "bad_due_date"
        case .textTooLong: "text_too_long"
        case .badImpact: "bad_impact"
        case .badClockTime: "bad_clock_time"
        case .unknownService: "unknown_service"
        case .badOncall: "bad_oncall"
        case .handoffNeedsUser: "handoff_needs_user"
        }
    }

    /// One sentence for the person in Slack, saying what to type instead.
    public func message(command: String) -> String {
        switch self {
        case .empty:
            "Tell me what to do: try `\(command) declare SEV2 <service> <what is broken>` or `\(command) help`."
        case .unknownSubcommand(let name, nil):
            "I don't know `\(command) \(name)`; type `\(command) help` to see what I can do."
        case .unknownSubcommand(let name, let nearest?):
            "I don't know `\(command) \(name)`; did you mean `\(command) \(nearest)`? `\(command) help \(nearest)` shows how to use it."
        case .unknownSeverity(let name, let known):
            "There is no severity \(name) here; use one of \(known.joined(separator: ", ")), e.g. `\(command) declare \(known.first ?? "SEV1") <title>`."
        case .missingTitle(let usage):
            "Say what is broken: `\(command) \(usage)`, e.g. `\(command) declare SEV1 checkout Card payments failing`."
        case .titleTooLong(let limit):
            "That title is too long; keep it under \(limit) characters and put details in a note."
        case .missingSeverity(let known):
            "Name the new severity, one of \(known.joined(separator: ", ")): e.g. `\(command) severity \(known.first ?? "SEV1")`."
        case .badStatus(let usage):
            "Give the state and what changed: `\(command) \(usage)`, e.g. `\(command) status identified Bad deploy of payments-api, rolling back`."
        case .badRole(let usage):
            "Name the role and mention the person: `\(command) \(usage)`, e.g. `\(command) role comms @dana`."
        case .missingCancelReason:
            "Say why it is cancelled: `\(command) cancel <reason>`, e.g. `\(command) cancel Declared by mistake, the alert was a test`."
        case .missingNote:
            "Say what to note: `\(command) note <text>`, e.g. `\(command) note Failover to eu-west started`."
        case .badAction(let usage):
            "Mention the owner and say what to do: `\(command) \(usage)`, e.g. `\(command) action @dana Add an alert on card declines due:2026-12-01`."
        case .badPage(let usage, let services):
            "Name a service or mention a person: `\(command) \(usage)`; services: \(services.joined(separator: ", "))."
        case .badDueDate(let text):
            "`\(text)` is not a date; write the due date as due:YYYY-MM-DD, e.g. due:2026-12-01."
        case .textTooLong(let what, let limit, let length):
            "That \(what) is \(length) characters; the limit is \(limit). Keep it to a summary and put the details in a document or a link, or in several notes (`\(command) note <text>`)."
        case .badImpact(let usage):
            "Say what changed: `\(command) \(usage)`, e.g. `\(command) impact start 09:40` or `\(command) impact partial`."
        case .badClockTime(let text):
            "`\(text)` is not a time of day; write it as HH:MM in UTC, from 00:00 to 23:59, e.g. `\(command) impact start 09:40`."
        case .unknownService(let name, let known):
            "There is no service \(name) in the catalog; use one of \(known.joined(separator: ", ")), e.g. `\(command) slo \(known.first ?? "checkout")`."
        case .badOncall(let usage):
            "Say what to do with the shift: `\(command) \(usage)`, e.g. `\(command) oncall start` or `\(command) oncall handoff @dana`."
        case .handoffNeedsUser(nil):
            "Mention who takes over: `\(command) oncall handoff @next`, e.g. `\(command) oncall handoff @dana`."
        case .handoffNeedsUser(let typed?):
            "`\(typed)` is not a person; mention who takes over: `\(command) oncall handoff @next`, e.g. `\(command) oncall handoff @dana`."
        case .notInIncidentChannel(let subcommand):
            "`\(command) \(subcommand)` works inside an incident channel; run it there (`\(command) list` shows them)."
        }
    }
}

/// Who `/incident page` brings into the incident channel.
public enum PageTarget: Sendable, Equatable {
    case service(String)
    case user(String)
}
