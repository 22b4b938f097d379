import Foundation
import TocsinCore

/// What to tell the person who typed a command, clicked a button or mentioned the bot, as a value: handlers
/// decide *what* to say and return one of these; ``ReplyWording`` is the one place that words it.
public enum ReplyIntent: Sendable, Equatable {
    /// The help text of the command definitions.
    case help
    /// One subcommand's usage, scope and example, by its defined name.
    case subcommandHelp(String)
    /// The command line did not fit its subcommand's grammar (or named no subcommand).
    case notUnderstood(CommandError)
    /// An incident-channel subcommand typed in a channel that is not an incident's.
    case notInIncidentChannel(subcommand: String)
    /// The database could not be reached; nothing was changed. Says what to do again, by what was attempted.
    case storeUnavailable(Attempt)
    /// The same request came again (a platform retry or a replay); it was carried out the first time.
    case alreadyDone(incident: Int)
    /// The permissions do not let this person do it.
    case refused(PermissionRefusal)
    /// The incident's lifecycle does not allow it (e.g. the same severity again, a resolved incident).
    case notAllowedNow(LifecycleError)

    case declared(Declaration)
    /// The declare form opened; the incident is declared when it is submitted.
    case declareFormOpened
    /// The platform would not open the declare form; `reason` is its short error code.
    case declareFormDidNotOpen(reason: String)
    /// A declaration the platform sent twice: the incident declared the first time.
    case alreadyDeclared(incident: Int)

    case severityChanged(incident: Int, severity: Severity)
    case statusPosted(incident: Int, state: IncidentState)
    case roleGiven(incident: Int, role: IncidentRole, userID: String)
    case paging(incident: Int, target: PageTarget)
    case noted(incident: Int)
    /// Resolved; `age` is how long it was open, as people read it (e.g. `1h 5m`).
    case resolved(incident: Int, age: String)
    /// Cancelled as declared by mistake.
    case cancelled(incident: Int)
    /// Active again after being resolved or cancelled.
    case reopened(incident: Int)

    case checkedIn(incident: Int)
    case alreadyCheckedIn(incident: Int, at: Date)
    case noSuchIncident(Int)
    /// A check-in button whose value names no incident.
    case checkInButtonNamesNoIncident

    case actionRecorded(ActionItem)
    /// One incident's action items; `today` (`YYYY-MM-DD`, UTC) decides which are overdue.
    case actionItems(incident: Int, items: [ActionItem], today: String)
    /// Every open action item, overdue first.
    case openActionItems([ActionItem], today: String)
    case actionDone(id: Int)
    case actionAlreadyDone(id: Int)
    /// Only the owner or the commander may mark it done.
    case actionNotYours(ActionItem)
    case noSuchActionItem(id: Int)
    /// A *Done* button whose value names no action item.
    case doneButtonNamesNoItem

    /// The active incidents.
    case activeIncidents([Incident])
    /// Who is engaged and informed now and at other severities; `told` are the channels told so far.
    case rings(incident: Int, preview: RingsPreview, told: [String])
    case timeline(page: Int, of: Incident, entries: [TimelineEntry])
    /// The rendered postmortem draft.
    case postmortem(String)
    /// The deployment's postmortem template could not be rendered.
    case postmortemUnrenderable

    /// An impact change recorded in the incident's timeline.
    case impactChanged(incident: Int, change: ImpactChange)
    /// The impact change contradicts the window already set.
    case impactRefused(ImpactError)
    /// Error budgets, of every SLO or of one service's (`service`).
    case errorBudgets([BudgetStatus], service: String?)

    /// A survey button that cannot open the survey (no incident, or no trigger to open it with).
    case surveyButtonUnusable
    /// The platform would not open the survey; `reason` is its short error code.
    case surveyDidNotOpen(reason: String)

    /// A mention in an incident's executive thread: the question was passed on to `communicator`.
    case mentionPassedOn(incident: Int, communicator: String)
    /// A mention inside an incident channel: where the incident stands; `age` as in ``resolved(incident:age:)``.
    case mentionStatus(Incident, age: String)
    /// A mention anywhere else: how to use the bot.
    case mentionElsewhere

    /// An on-call shift opened: its record number (its channel follows).
    case shiftStarted(number: Int)
    /// The shift was handed over to `to`; the summary is on its way to them and into the shift channel.
    case handedOver(shift: Int, to: String)
    /// An on-call command refused (a shift already open, none to hand over, a handoff to oneself…).
    case oncallRefused(OncallError)
    /// An incident-channel subcommand typed in an on-call shift's channel, where it does not apply.
    case notForShift(subcommand: String)
    /// Active again, but its channel was archived after it resolved: a bot cannot unarchive a channel.
    case reopenedInArchivedChannel(incident: Int, channelID: String)
    /// An executive joined the incident channel: where to follow it instead. `thread` is the executive
    /// thread's address, nil when the incident has none (the executives' ring was not told of it).
    case executiveNudge(incident: Int, execChannel: String, thread: String?, communicator: String)

    /// What the person was doing when the database could not be reached, which decides what to do again.
    public enum Attempt: Sendable, Equatable {
        case command
        case checkInClick
        case doneClick
        case surveyClick
    }
}
