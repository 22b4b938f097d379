import Foundation
import Logging
import Metrics
import TocsinCore

/// Routes a slash command to its handler. The command line is read by the subcommand definitions
/// (``Subcommand/all``); the scope is enforced here, once: a subcommand that acts on an incident gets the
/// incident of the channel it was typed in, or the answer that it works only in one. Both switches are
/// exhaustive, so a subcommand without a handler does not compile.
struct CommandRouter: Sendable {
    let parser: CommandParser
    let context: HandlerContext
    let declarations: DeclareHandler
    let changes: ChangeHandler
    let checkIns: CheckInHandler
    let actionItems: ActionItemHandler
    let reports: ReportHandler
    let declareForm: DeclareFormHandler
    let budgets: BudgetHandler
    /// `oncall start` and `oncall handoff`: it needs only the context.
    private var oncall: OncallHandler { OncallHandler(context: context) }
    let links: LinkHandler
    private let commands = Counter(label: "tocsin_commands_total")
    private let rejected = Counter(label: "tocsin_commands_rejected_total")

    init(
        parser: CommandParser, context: HandlerContext, declarations: DeclareHandler, changes: ChangeHandler, checkIns: CheckInHandler,
        actionItems: ActionItemHandler, reports: ReportHandler, declareForm: DeclareFormHandler, budgets: BudgetHandler
    ) {
        self.links = LinkHandler(context: context)
        self.declareForm = declareForm
        self.budgets = budgets
        self.parser = parser
        self.context = context
        self.declarations = declarations
        self.changes = changes
        self.checkIns = checkIns
        self.actionItems = actionItems
        self.reports = reports
    }

    /// What to tell the person who typed `request`, once its change (if any) is stored.
    func route(_ request: SlashCommandRequest) async -> ReplyIntent {
        commands.increment()
        // Made only when there is something to log: most commands log nothing here.
        var logger: Logger { context.logger.adding(["team_id": "\(request.teamID)", "user_id": "\(request.userID)"]) }
        switch parser.invocation(request.text) {
        case .failure(let error):
            rejected.increment()
            logger.info("command rejected", metadata: ["command": "\(request.command)", "reason": "\(error.code)"])
            return .notUnderstood(error)
        case .success(let invocation):
            do {
                return try await dispatch(invocation, request: request)
            } catch {
                logger.error("command failed", metadata: ["command": "\(invocation.subcommand)", "error": "\(error)"])
                return .storeUnavailable(.command)
            }
        }
    }

    private func dispatch(_ invocation: Invocation, request: SlashCommandRequest) async throws(StoreError) -> ReplyIntent {
        switch invocation.command {
        case .anywhere(let command):
            return try await run(command, request: request)
        case .inIncident(let command):
            guard let incident = try await context.store.incident(channelID: request.channelID) else {
                return .notInIncidentChannel(subcommand: invocation.subcommand)
            }
            if incident.isOncallShift && !command.appliesToShifts {
                return .notForShift(subcommand: invocation.subcommand)
            }
            return try await run(command, on: incident, request: request)
        }
    }

    private func run(_ command: AnywhereCommand, request: SlashCommandRequest) async throws(StoreError) -> ReplyIntent {
        switch command {
        case .help: .help
        case .helpOn(let subcommand): .subcommandHelp(subcommand)
        case .list: try await reports.activeIncidents()
        case .declare(let declaration): try await declarations.declare(declaration, request: request)
        case .declareForm: await declareForm.openFromCommand(request, usage: parser.catalog.subcommand(named: "declare")?.usage ?? "declare <title>")
        case .followups: try await actionItems.followUps()
        case .slo(let service): try await budgets.slo(service: service)
        case .oncallStart: try await oncall.start(request: request)
        case .oncallHandoff(let next): try await oncall.handOff(to: next, request: request)
        case .kpis(let window): try await reports.kpis(window: window)
        }
    }

    private func run(_ command: IncidentChannelCommand, on incident: Incident, request: SlashCommandRequest) async throws(StoreError) -> ReplyIntent {
        switch command {
        case .checkIn: try await checkIns.checkIn(incident, request: request)
        case .severity(let severity): try await changes.severity(severity, of: incident, request: request)
        case .status(let state, let text): try await changes.status(state, text: text, of: incident, request: request)
        case .role(let role, let userID): try await changes.role(role, userID: userID, of: incident, request: request)
        case .page(let target): try await changes.page(target, into: incident, request: request)
        case .note(let text): try await changes.note(text, in: incident, request: request)
        case .resolve(let summary): try await changes.resolve(incident, summary: summary, request: request)
        case .cancel(let reason): try await changes.cancel(incident, reason: reason, request: request)
        case .reopen(let reason): try await changes.reopen(incident, reason: reason, request: request)
        case .rings: reports.rings(of: incident)
        case .timeline(let page): try await reports.timeline(of: incident, page: page)
        case .postmortem: try await reports.postmortem(of: incident)
        case .action(let action): try await actionItems.add(action, to: incident, request: request)
        case .actions: try await actionItems.list(of: incident)
        case .impact(let change): try await budgets.impact(change, of: incident, command: request)
        case .link(let number): try await links.link(number, from: incident, request: request)
        case .unlink(let number): try await links.unlink(number, from: incident, request: request)
        }
    }
}

extension IncidentChannelCommand {
    /// Whether the subcommand makes sense in an on-call shift's channel: notes, action items and reading
    /// back; nothing that changes severity, status, roles or rings, pages, or checks in.
    var appliesToShifts: Bool {
        switch self {
        case .note, .timeline, .action, .actions, .postmortem: true
        case .checkIn, .severity, .status, .role, .resolve, .cancel, .reopen, .rings, .page, .impact, .link, .unlink: false
        }
    }
}
