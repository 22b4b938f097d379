import Foundation
import TocsinCore

/// The one place that words what the bot tells a person (``ReplyIntent``), as platform-neutral rich text
/// that the platform's adapter encodes.
public struct ReplyWording: Sendable {
    /// The slash command as people type it (`/incident`), quoted in hints.
    public let command: String
    /// `/incident help` is the most frequent command; its text is built once.
    private let helpText: RichText
    /// The command definitions, for one subcommand's help.
    private let catalog: CommandCatalog

    public init(catalog: CommandCatalog) {
        command = catalog.command
        helpText = catalog.helpText
        self.catalog = catalog
    }

    /// The intent as an answer only the person sees.
    public func reply(_ intent: ReplyIntent) -> CommandReply {
        .ephemeral(text(intent))
    }

    public func text(_ intent: ReplyIntent) -> RichText {
        switch intent {
        case .help:
            helpText
        case .subcommandHelp(let name):
            catalog.helpText(for: name) ?? helpText
        case .notUnderstood(let error):
            RichText(error.message(command: command))
        case .notInIncidentChannel(let subcommand):
            RichText(CommandError.notInIncidentChannel(subcommand: subcommand).message(command: command))
        case .storeUnavailable(let attempt):
            switch attempt {
            case .command: "I could not record that just now because my database is unavailable; nothing was changed, so please try again in a minute."
            case .checkInClick: "I could not record your check-in because my database is unavailable; please press the button again in a minute."
            case .doneClick: "I could not record that because my database is unavailable; press the button again in a minute."
            case .surveyClick: "I could not open the survey because my database is unavailable; press the button again in a minute."
            }
        case .alreadyDone(let number):
            "I already did that for this request on incident #\(number) (Slack sent it twice); nothing was done again."
        case .refused(let refusal):
            refusal.message(command: command)
        case .notAllowedNow(let error):
            RichText(error.message(command: command))
        case .declared(let declaration):
            declared(declaration)
        case .declareFormOpened:
            "Fill in the form to declare; or type it in one line: `\(command) declare SEV2 <service> <what is broken>`."
        case .declareFormDidNotOpen(let reason):
            "The declare form could not open (\(reason)); type it in one line instead: `\(command) declare SEV2 <service> <what is broken>`."
        case .alreadyDeclared(let number):
            "I already declared incident #\(number) for this request (Slack sent it twice); nothing was declared again."
        case .severityChanged(let number, let severity):
            "#\(number) is now \(severity); the channel and the rings are being told."
        case .statusPosted(let number, let state):
            "Status update posted for #\(number) (\(state.rawValue)); every informed ring gets it."
        case .roleGiven(let number, let role, let userID):
            "\(user: userID) is now the \(role.title) for #\(number)."
        case .paging(let number, .service(let name)):
            "Inviting the responders of \(name) into #\(number)'s channel."
        case .paging(let number, .user(let user)):
            "Inviting \(user: user) into #\(number)'s channel."
        case .noted(let number):
            "Noted in the timeline of #\(number)."
        case .resolved(let number, let age):
            "#\(number) is resolved after \(age); every ring that was told gets the closing note."
        case .cancelled(let number):
            "#\(number) is cancelled; every ring that was told hears it once, and it counts in no KPI."
        case .reopened(let number):
            "#\(number) is active again (investigating); the channel and every ring that was told are being told."
        case .checkedIn(let number):
            "You're checked in on incident #\(number); thank you. The time to action is recorded."
        case .alreadyCheckedIn(let number, let at):
            "You already checked in on incident #\(number) at \(UTCTime.minutes(at)) UTC."
        case .noSuchIncident(let number):
            "There is no incident #\(number); `\(command) list` shows the active ones."
        case .checkInButtonNamesNoIncident:
            "That button does not name an incident; type `\(command) checkin` in the incident channel instead."
        case .actionRecorded(let item):
            "Recorded action item #\(item.id) for \(user: item.owner)\(item.due.map { ", due \($0)" } ?? "")."
        case .actionItems(let number, let items, let today):
            actionItems(of: number, items, today: today)
        case .openActionItems(let items, let today):
            openActionItems(items, today: today)
        case .actionDone(let id):
            "Action item #\(id) is done."
        case .actionAlreadyDone(let id):
            "Action item #\(id) was already done."
        case .actionNotYours(let item):
            "Only \(user: item.owner) (the owner) or the incident commander can mark action item #\(item.id) done."
        case .noSuchActionItem(let id):
            "There is no action item #\(id)."
        case .doneButtonNamesNoItem:
            "That button does not name an action item."
        case .activeIncidents(let incidents):
            activeIncidents(incidents)
        case .rings(let number, let preview, let told):
            "\(strong: "Rings for #\(number)")\n\(preview.describe())\nTold so far: \(told.isEmpty ? "nobody beyond the responders" : told.map { "#\($0)" }.joined(separator: ", "))."
        case .timeline(let page, let incident, let entries):
            TimelineText.page(entries, of: incident, page: page, command: command)
        case .postmortem(let draft):
            RichText(draft)
        case .postmortemUnrenderable:
            "I could not render the postmortem template; the operator's logs say why."
        case .impactChanged(let number, let change):
            impactChanged(number, change)
        case .impactRefused(let error):
            RichText(error.message(command: command))
        case .errorBudgets(let statuses, let service):
            statuses.isEmpty
                ? RichText("No SLO is configured\(service.map { " for \($0)" } ?? ""); add one under `slos:` in the configuration.")
                : "\(strong: "Error budgets")\n\(BudgetText.report(statuses))"
        case .surveyButtonUnusable:
            "That button cannot open the survey; ask the commander for the postmortem link instead."
        case .surveyDidNotOpen(let reason):
            "The survey could not open (\(reason)); press the button again."
        case .mentionPassedOn(let number, let communicator):
            "I passed this on to \(user: communicator) in the channel of #\(number); the answer will come in this thread."
        case .mentionStatus(let incident, let age):
            mentionStatus(incident, age: age)
        case .mentionElsewhere:
            "I run incidents through `\(command)`: `\(command) declare` opens one, and `\(command) help` lists everything I can do."
        case .shiftStarted(let number):
            "Your on-call shift #\(number) is open: its channel is being created and you are invited. Notes (`\(command) note <text>`), links, pins and :pushpin: reactions there go to its timeline; no ring is told. Hand over with `\(command) oncall handoff @next`."
        case .handedOver(let shift, let to):
            "Shift #\(shift) is handed over to \(user: to): the summary is on its way to them and into the shift channel, and `\(command) postmortem` there shows it again."
        case .oncallRefused(let error):
            oncallRefusal(error)
        case .notForShift(let subcommand):
            "`\(command) \(subcommand)` is for incidents; this is an on-call shift channel. Here use `\(command) note`, `\(command) action`, `\(command) timeline` or `\(command) oncall handoff @next`, and declare incidents with `\(command) declare`."
        case .reopenedInArchivedChannel(let number, let channelID):
            "#\(number) is active again (investigating) and every ring that was told is being told, but its channel \(channel: channelID) "
                + "was archived after it resolved, and Slack does not let a bot unarchive a channel: unarchive it from the channel's "
                + "settings (any member can), then carry on there."
        case .executiveNudge(let number, let execChannel, let thread, let communicator):
            executiveNudge(number, execChannel: execChannel, thread: thread, communicator: communicator)
        }
    }

    private func oncallRefusal(_ error: OncallError) -> RichText {
        switch error {
        case .shiftAlreadyOpen(let number, let channel?):
            "Your on-call shift #\(number) is already open in \(channel: channel); hand it over with `\(command) oncall handoff @next` before starting another."
        case .shiftAlreadyOpen(let number, nil):
            "Your on-call shift #\(number) is already open (its channel is being created); hand it over with `\(command) oncall handoff @next` before starting another."
        case .noOpenShift:
            "You have no open on-call shift to hand over; start one with `\(command) oncall start`, or run the handoff in the shift's channel."
        case .handoffToSelf:
            "You cannot hand the shift over to yourself; mention the next person: `\(command) oncall handoff @next`."
        case .shiftEnded(let number):
            "Shift #\(number) was already handed over; start a new one with `\(command) oncall start`."
        }
    }

    /// Only the executive sees it: where the incident is followed, so the war room stays with the responders.
    private func executiveNudge(_ number: Int, execChannel: String, thread: String?, communicator: String) -> RichText {
        let intro: RichText = "This is the responders' room for #\(number). "
        guard let thread else {
            return intro + "#\(execChannel) is not following it at its severity; \(user: communicator) answers questions and posts updates here. You're welcome to read along."
        }
        return intro + RichText(parts: [.text("To follow it and ask questions, use "), .link(url: thread, label: "its thread in #\(execChannel)"), .text(": ")])
            + "updates land there, and \(user: communicator) answers there. You're welcome to read along here."
    }

    private func declared(_ declaration: Declaration) -> RichText {
        let incident = declaration.incident
        let service = incident.service.map { " on \($0) (tier \(incident.tier))" } ?? ""
        let informed = declaration.rings.subtracting([.responders]).sorted().map(\.rawValue)
        let rings = informed.isEmpty ? "No other ring is informed at this severity." : "Informing: \(informed.joined(separator: ", "))."
        return "Declared incident #\(incident.number), \(incident.severity)\(service): \(incident.title). "
            + "I'm opening its channel and inviting the responders now; you are the commander. \(rings)"
    }

    private func impactChanged(_ number: Int, _ change: ImpactChange) -> RichText {
        let time = "\(UTCTime.minutes(change.at)) UTC"
        return switch change.kind {
        case .start: RichText("Impact of #\(number) now starts at \(time); it burns the service's error budget from then.")
        case .end: RichText("Impact of #\(number) now ends at \(time).")
        case .level(let level): RichText("Impact of #\(number) is \(level.rawValue) from \(time).")
        }
    }

    private func activeIncidents(_ incidents: [Incident]) -> RichText {
        guard !incidents.isEmpty else { return "No active incidents. Declare one with `\(command) declare [SEVn] [service] <title>`." }
        var text: RichText = "\(strong: "Active incidents (\(incidents.count))")"
        for incident in incidents {
            let channel: RichText = incident.channel.map { "\(channel: $0.id)" } ?? "(channel being created)"
            text.append("\n• #\(incident.number) \(strong: incident.severity) \(incident.title)\(incident.service.map { " · \($0)" } ?? "") · \(incident.state.rawValue) · \(channel)")
        }
        return text
    }

    private func actionItems(of number: Int, _ items: [ActionItem], today: String) -> RichText {
        guard !items.isEmpty else { return "#\(number) has no action items yet: `\(command) action @owner <text> [due:YYYY-MM-DD]`." }
        var text: RichText = "\(strong: "Action items of #\(number)")"
        for item in items {
            text.append("\n• #\(item.id) [\(item.state.rawValue)\(item.isOverdue(today: today) ? ", overdue" : "")] \(user: item.owner): \(item.text)\(item.due.map { " — due \($0)" } ?? "")\(item.trackerKey.map { " — \($0)" } ?? "")")
        }
        return text
    }

    private func openActionItems(_ items: [ActionItem], today: String) -> RichText {
        guard !items.isEmpty else { return "No open action items. Nice." }
        var text: RichText = "\(strong: "Open action items (\(items.count))"), overdue first"
        for item in items {
            let overdue: RichText = item.isOverdue(today: today) ? "\(strong: "overdue") " : ""
            text.append("\n• \(overdue)#\(item.id) (incident #\(item.incidentNumber)) \(user: item.owner): \(item.text)\(item.due.map { " — due \($0)" } ?? "")")
        }
        return text
    }

    private func mentionStatus(_ incident: Incident, age: String) -> RichText {
        let latest: RichText = incident.latestStatus.map { " Latest: \($0)" } ?? " No status update yet."
        return "#\(incident.number) \(strong: incident.severity) \(incident.title) is \(incident.state.rawValue), "
            + "open for \(age), commander \(user: incident.commander).\(latest) `\(command) help` lists what I can do here."
    }
}
