/// What a post says beyond the incident facts every message shows (``IncidentView``): one case per
/// kind of message, each carrying exactly the facts that kind needs, as values.
///
/// A chat platform's adapter turns each case into its own markup (Slack: a Mustache template of the
/// ``MessageTemplate`` name); nothing here is written in any platform's markup.
public enum MessageContent: Sendable, Equatable, Codable {
    case welcome
    case stakeholdersDeclared
    case companyDeclared
    case execRoot
    case checkedIn(CheckInView)
    /// The incident channel hears who changed the severity and which rings are now (no longer) informed.
    case severityChanged(SeverityChange, actor: String, addedRings: [String], removedRings: [String])
    /// One line for a ring that was reached before a severity change and still is.
    case severityRing(SeverityChange)
    case ringCatchUp
    case ringStandDown(previousSeverity: Severity)
    case statusUpdate(StatusNews)
    case statusRing(StatusNews)
    case statusExecThread(StatusNews)
    case reminder(OverdueUpdate)
    case reminderEscalated(OverdueUpdate)
    case execOverdue(OverdueUpdate)
    case execQuestion(RelayedQuestion)
    case roleChanged(RoleChange)
    case resolved(Closing)
    case resolvedRing(Closing)
    case resolvedExecThread(Closing)
    case cancelled(Cancellation)
    case cancelledRing(Cancellation)
    case cancelledExecThread(Cancellation)
    case reopened(Reopening)
    case reopenedRing(Reopening)
    case reopenedExecThread(Reopening)
    case actionAdded(ActionItemAdded)
    case actionDone(ActionItemDone)
    /// Who could not be invited into the incident channel, and why.
    case invitesRefused([RefusedInvite])
    /// A ring channel the bot cannot use, and what to do about it.
    case ringChannelUnusable(UnusableRingChannel)
    /// How much of an SLO's error budget this incident has burned (incident channel and executive thread).
    case budgetBurn(BudgetBurnNews)
    /// A service's consumed error budget crossed a budget-policy threshold (stakeholders, and executives at 100 %).
    case budgetPolicy(BudgetPolicyNews)
    /// The weekly SLO review.
    case budgetDigest(BudgetDigestNews)
    /// Alerts from a monitor, one line each.
    case alerts(AlertNews)
    /// A direct message to someone who just took a role: what it means (the template's words) and the incident's state.
    case roleBriefing(RoleChange)
    /// A role change, told in the executive thread.
    case roleExecThread(RoleChange)
    /// The first message of an on-call shift's channel.
    case shiftStarted
    /// An on-call shift's handoff summary.
    case handoff(HandoffSummary)
    /// Nobody checked in within the target: the responders are mentioned again (incident channel).
    case checkInFollowUp(CheckInFollowUp)
    /// The same, noted in the executive thread.
    case checkInFollowUpExecThread(CheckInFollowUp)
    /// The last message before the incident channel is archived.
    case channelArchiving(ChannelArchiving)

    /// The kind of message, which names its template.
    public var template: MessageTemplate {
        switch self {
        case .welcome: .welcome
        case .stakeholdersDeclared: .stakeholdersDeclared
        case .companyDeclared: .companyDeclared
        case .execRoot: .execRoot
        case .checkedIn: .checkedIn
        case .severityChanged: .severityChanged
        case .severityRing: .severityRing
        case .ringCatchUp: .ringCatchUp
        case .ringStandDown: .ringStandDown
        case .statusUpdate: .statusUpdate
        case .statusRing: .statusRing
        case .statusExecThread: .statusExecThread
        case .reminder: .reminder
        case .reminderEscalated: .reminderEscalated
        case .execOverdue: .execOverdue
        case .execQuestion: .execQuestion
        case .roleChanged: .roleChanged
        case .resolved: .resolved
        case .resolvedRing: .resolvedRing
        case .resolvedExecThread: .resolvedExecThread
        case .cancelled: .cancelled
        case .cancelledRing: .cancelledRing
        case .cancelledExecThread: .cancelledExecThread
        case .reopened: .reopened
        case .reopenedRing: .reopenedRing
        case .reopenedExecThread: .reopenedExecThread
        case .actionAdded: .actionAdded
        case .actionDone: .actionDone
        case .invitesRefused: .invitesRefused
        case .ringChannelUnusable: .ringChannelUnusable
        case .budgetBurn: .budgetBurn
        case .budgetPolicy: .budgetPolicy
        case .budgetDigest: .budgetDigest
        case .alerts: .alerts
        case .roleBriefing: .roleBriefing
        case .roleExecThread: .roleExecThread
        case .shiftStarted: .shiftStarted
        case .handoff: .handoff
        case .checkInFollowUp: .checkInFollowUp
        case .checkInFollowUpExecThread: .checkInFollowUpExecThread
        case .channelArchiving: .channelArchiving
        }
    }
}

/// Why an incident declared by mistake was cancelled, and by whom.
public struct Cancellation: Sendable, Equatable, Codable {
    public var actor: String
    public var reason: RichText

    public init(actor: String, reason: RichText) {
        self.actor = actor
        self.reason = reason
    }
}

/// Who made an ended incident active again, and why (when they said).
public struct Reopening: Sendable, Equatable, Codable {
    public var actor: String
    public var reason: RichText?

    public init(actor: String, reason: RichText?) {
        self.actor = actor
        self.reason = reason
    }
}

/// A severity change as the rings hear of it.
public struct SeverityChange: Sendable, Equatable, Codable {
    public var previousSeverity: Severity
    /// True when the new severity is more severe.
    public var raised: Bool

    public init(previousSeverity: Severity, raised: Bool) {
        self.previousSeverity = previousSeverity
        self.raised = raised
    }
}

/// A status update: who posted it, the state it sets, and what they wrote.
public struct StatusNews: Sendable, Equatable, Codable {
    public var actor: String
    public var state: IncidentState
    public var text: RichText

    public init(actor: String, state: IncidentState, text: RichText) {
        self.actor = actor
        self.state = state
        self.text = text
    }
}

/// A status update that is overdue: how long since the last one, and how many were missed in a row.
public struct OverdueUpdate: Sendable, Equatable, Codable {
    /// Spelled out ("1 hour 5 minutes").
    public var silence: String
    public var missed: Int

    public init(silence: String, missed: Int) {
        self.silence = silence
        self.missed = missed
    }
}

/// A question asked in the executive thread, relayed to the person who should answer it.
public struct RelayedQuestion: Sendable, Equatable, Codable {
    public var asker: String
    /// The name of the channel it was asked in.
    public var askedIn: String
    public var addressee: String
    public var question: RichText

    public init(asker: String, askedIn: String, addressee: String, question: RichText) {
        self.asker = asker
        self.askedIn = askedIn
        self.addressee = addressee
        self.question = question
    }
}

/// A role given to someone.
public struct RoleChange: Sendable, Equatable, Codable {
    public var user: String
    /// The role's title ("commander").
    public var role: String
    public var actor: String

    public init(user: String, role: String, actor: String) {
        self.user = user
        self.role = role
        self.actor = actor
    }
}

/// The closing note: who resolved, after how long, and their summary if they gave one.
public struct Closing: Sendable, Equatable, Codable {
    public var actor: String
    /// Spelled out ("2 hours 5 minutes").
    public var duration: String
    public var summary: RichText?

    public init(actor: String, duration: String, summary: RichText?) {
        self.actor = actor
        self.duration = duration
        self.summary = summary
    }
}

/// An action item just recorded.
public struct ActionItemAdded: Sendable, Equatable, Codable {
    public var id: Int
    public var owner: String
    public var text: String
    /// `YYYY-MM-DD`, when given.
    public var due: String?
    public var actor: String

    public init(id: Int, owner: String, text: String, due: String?, actor: String) {
        self.id = id
        self.owner = owner
        self.text = text
        self.due = due
        self.actor = actor
    }
}

/// An action item marked done.
public struct ActionItemDone: Sendable, Equatable, Codable {
    public var id: Int
    public var text: String
    public var actor: String

    public init(id: Int, text: String, actor: String) {
        self.id = id
        self.text = text
        self.actor = actor
    }
}

/// A ring channel the bot cannot use: which, the configuration key that names it, and why.
public struct UnusableRingChannel: Sendable, Equatable, Codable {
    /// Why the channel cannot be used.
    public enum Problem: String, Sendable, Codable {
        /// Archived: someone must unarchive it.
        case archived
        /// Private and the bot is not in it: someone must invite the bot.
        case hidden
    }

    public var channel: String
    public var setting: String
    public var problem: Problem

    public init(channel: String, setting: String, problem: Problem) {
        self.channel = channel
        self.setting = setting
        self.problem = problem
    }
}

/// Alerts a monitor sent about an incident's service: what happened to them, and one line per alert.
public struct AlertNews: Sendable, Equatable, Codable {
    /// Why the incident channel hears of them.
    public enum Event: String, Sendable, Codable {
        /// The alerts that declared the incident: its evidence.
        case declared
        /// More alerts on the service of an active incident.
        case attached
        /// Alerts that stopped firing (the incident stays open).
        case resolved
    }

    /// Who sent them, as people call it ("Alertmanager").
    public var source: String
    public var event: Event
    /// One line per alert: name, summary, labels, links.
    public var lines: [RichText]

    public init(source: String, event: Event, lines: [RichText]) {
        self.source = source
        self.event = event
        self.lines = lines
    }
}
