/// Something the core decided should happen in the workspace; the app layer carries it out.
///
/// Effects are stored in the outbox in the same transaction as the state change that implies them,
/// so they are `Codable`; the incident they belong to is recorded beside them.
public enum Effect: Sendable, Equatable, Codable {
    /// Create the incident's channel; `name` is the first choice, collisions get a suffix.
    case createIncidentChannel(name: String)
    /// Invite users and the members of user groups (by handle) into the incident channel.
    case inviteResponders(userIDs: [String], groupHandles: [String])
    /// Set the incident channel's topic.
    case setIncidentTopic(String)
    /// Post a message, rendered from a template at delivery time.
    case post(Post)
    /// Edit, in place, the root message this incident has in the post's channel: the root in a named
    /// ring channel, or the welcome in the incident channel.
    case updateRoot(Post)
    /// React to a message in the incident channel (acknowledging a capture quietly).
    case addReaction(ts: String, name: String)
    /// File an action item as an issue in the configured tracker and link its key back.
    case fileActionItem(id: Int)
    /// Page a service's on-call people through PagerDuty or Opsgenie, or resolve the pages this incident sent.
    case page(PageRequest)
    /// Look again at the incident when the alarm is due (not before): a check-in follow-up or an archive may be owed.
    case alarm(Alarm)
    /// Archive the incident channel (its last message, saying where the postmortem is, was queued before this).
    case archiveChannel
}

/// A page to send or to resolve: `trigger` names the service paged; `resolve` resolves every page the incident sent.
public struct PageRequest: Sendable, Equatable, Codable {
    /// What the on-call service is asked to do.
    public enum Action: String, Sendable, Codable {
        case trigger, resolve
    }

    public var action: Action
    /// The catalog service whose pager is triggered; nil for `resolve` (every service the incident paged).
    public var service: String?

    public init(action: Action, service: String?) {
        self.action = action
        self.service = service
    }

    /// The timeline key recording that an incident paged a service: written once the page went out.
    public static func timelineKey(service: String) -> String { "paged:" + service.lowercased() }
}

/// Where a message goes: the incident's own channel (known once created) or a named ring channel.
public enum ChannelTarget: Sendable, Hashable, Codable {
    case incidentChannel
    case named(String)
    /// A reply in the thread of the incident's root message in the named channel.
    case thread(String)
    /// A direct message to one person (by user id), opened by the bot.
    case directMessage(String)

    /// The named channel this target posts in, if it is not the incident's own.
    public var channelName: String? {
        switch self {
        case .incidentChannel, .directMessage: nil
        case .named(let name), .thread(let name): name
        }
    }
}

/// A message to post: where, the incident facts it shows, and what it says.
public struct Post: Sendable, Equatable {
    public var target: ChannelTarget
    public var view: IncidentView
    /// The ring this message informs, if any (for per-ring accounting).
    public var ring: Ring?
    /// What this message says beyond the incident facts, by kind of message.
    public var content: MessageContent

    public init(target: ChannelTarget, view: IncidentView, ring: Ring? = nil, content: MessageContent) {
        self.target = target
        self.view = view
        self.ring = ring
        self.content = content
    }

    /// The kind of message, which names its template.
    public var template: MessageTemplate { content.template }
}

/// A responder's check-in: who, how long after the declaration, and against which target.
public struct CheckInView: Sendable, Equatable, Codable {
    public var userID: String
    /// Time from declaration to this check-in, spelled out ("4 minutes 10 seconds").
    public var timeToAction: String
    /// The severity's check-in target, spelled out.
    public var target: String
    public var withinTarget: Bool
    /// Whether this is the incident's first check-in, the one the time-to-action KPI counts.
    public var isFirst: Bool
    /// Time from this responder's invitation to this check-in, spelled out, when they were invited well after
    /// the declaration (paged in later); nil otherwise.
    public var sinceInvitation: String?

    public init(userID: String, timeToAction: String, target: String, withinTarget: Bool, isFirst: Bool, sinceInvitation: String? = nil) {
        self.sinceInvitation = sinceInvitation
        self.userID = userID
        self.timeToAction = timeToAction
        self.target = target
        self.withinTarget = withinTarget
        self.isFirst = isFirst
    }
}

/// The kinds of message the bot posts; a chat platform's adapter renders each (Slack: from the Mustache
/// template of the same name in `templates/`).
public enum MessageTemplate: String, Sendable, Codable, CaseIterable {
    case welcome
    case stakeholdersDeclared = "stakeholders_declared"
    case companyDeclared = "company_declared"
    case execRoot = "exec_root"
    case checkedIn = "checked_in"
    case severityChanged = "severity_changed"
    case ringCatchUp = "ring_catch_up"
    case ringStandDown = "ring_stand_down"
    /// One line for a ring that was reached before a severity change and still is.
    case severityRing = "severity_ring"
    case statusUpdate = "status_update"
    case statusRing = "status_ring"
    case statusExecThread = "status_exec_thread"
    case reminder
    case reminderEscalated = "reminder_escalated"
    case execOverdue = "exec_overdue"
    case execQuestion = "exec_question"
    case roleChanged = "role_changed"
    case resolved
    case resolvedRing = "resolved_ring"
    case resolvedExecThread = "resolved_exec_thread"
    /// An incident declared by mistake, cancelled: the channel, each ring, the executive thread.
    case cancelled
    case cancelledRing = "cancelled_ring"
    case cancelledExecThread = "cancelled_exec_thread"
    /// A resolved or cancelled incident made active again: the channel, each ring, the executive thread.
    case reopened
    case reopenedRing = "reopened_ring"
    case reopenedExecThread = "reopened_exec_thread"
    case actionAdded = "action_added"
    case actionDone = "action_done"
    /// Who could not be invited into the incident channel, and why.
    case invitesRefused = "invites_refused"
    /// A ring channel the bot cannot use (archived, or private without the bot), and what to do about it.
    case ringChannelUnusable = "ring_channel_unusable"
    case budgetBurn = "budget_burn"
    case budgetPolicy = "budget_policy"
    case budgetDigest = "budget_digest"
    /// Alerts from a monitor: the evidence of a declaration, alerts attached, alerts resolved.
    case alerts
    /// A direct message to a new commander, comms lead or scribe: what the role means and the incident's state.
    case roleBriefing = "role_briefing"
    /// A role change, in the executive thread.
    case roleExecThread = "role_exec_thread"
    /// The first message of an on-call shift's channel.
    case shiftStarted = "shift_started"
    /// An on-call shift's handoff summary (to the next person, and in the shift channel).
    case handoff
    /// Nobody checked in within the severity's target: the responders are mentioned again in the channel.
    case checkInFollowUp = "check_in_follow_up"
    /// The executive thread hears that nobody checked in within the target and the responders were asked again.
    case checkInFollowUpExecThread = "check_in_follow_up_exec_thread"
    /// The incident channel's last message before it is archived: where the postmortem is.
    case channelArchiving = "channel_archiving"
}

/// The facts a message about an incident shows; templates read these by name.
public struct IncidentView: Sendable, Equatable, Codable {
    public var number: Int
    public var title: String
    public var severity: Severity
    public var severitySummary: String
    public var service: String?
    public var tier: Int
    public var state: String
    public var commander: String
    public var declaredBy: String
    public var updateEvery: String
    public var checkInWithin: String
    public var impactedServices: [String]
    public var commsLead: String?
    public var latestStatus: RichText?
    /// Time since the declaration when the message was decided ("2 hours 5 minutes").
    public var age: String
    public var isResolved: Bool

    public init(
        number: Int, title: String, severity: Severity, severitySummary: String, service: String?, tier: Int,
        state: String, commander: String, declaredBy: String, updateEvery: String, checkInWithin: String,
        impactedServices: [String], commsLead: String? = nil, latestStatus: RichText? = nil, age: String = "0 seconds",
        isResolved: Bool = false
    ) {
        self.commsLead = commsLead
        self.latestStatus = latestStatus
        self.age = age
        self.isResolved = isResolved
        self.number = number
        self.title = title
        self.severity = severity
        self.severitySummary = severitySummary
        self.service = service
        self.tier = tier
        self.state = state
        self.commander = commander
        self.declaredBy = declaredBy
        self.updateEvery = updateEvery
        self.checkInWithin = checkInWithin
        self.impactedServices = impactedServices
    }
}
