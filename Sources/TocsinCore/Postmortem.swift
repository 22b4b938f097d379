import Foundation

/// Everything a postmortem draft shows, gathered from the incident's record; templates read it by name.
public struct PostmortemFacts: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var time: String
        public var kind: String
        public var text: String
    }

    public struct ServiceLine: Sendable, Equatable {
        public var name: String
        public var tier: Int
        public var team: String
        public var role: String
    }

    public struct ActionLine: Sendable, Equatable {
        public var id: Int
        public var owner: String
        public var text: String
        public var due: String
        public var state: String
        /// The tracker issue's key, when filed.
        public var trackerKey: String?
    }

    public var number: Int
    public var title: String
    public var severity: String
    public var severitySummary: String
    public var state: String
    public var declaredAt: String
    public var resolvedAt: String
    public var duration: String
    public var summary: String?
    public var commander: String
    public var commsLead: String?
    public var scribe: String?
    public var severityHistory: [Line]
    public var services: [ServiceLine]
    public var timeToAction: String
    public var checkInTarget: String
    public var withinTarget: Bool
    public var hasCheckIn: Bool
    public var responders: [String]
    /// Each responder's time from their invitation (or the declaration, when they joined by themselves) to their check-in.
    public var responderTimes: [ResponderLine] = []
    public var timeline: [Line]
    public var evidence: [Line]
    public var actions: [ActionLine]
    public var hasActions: Bool
    public var survey: [SurveyLine]
    /// "2 of 3 participants".
    public var surveyCompletion: String
    /// The "Error budget impact" section: one line per SLO of the incident's service.
    public var errorBudget: [String] = []
    /// Stored rather than computed, because templates read the facts by reflection.
    public var hasErrorBudget: Bool = false
    /// An on-call shift's handoff summary, line by line, as kept when it was handed over (empty otherwise).
    public var handoff: [String] = []
    public var hasHandoff: Bool = false

    /// One responder's time to action, as the draft shows it.
    public struct ResponderLine: Sendable, Equatable {
        public var user: String
        /// "invited 10:02 UTC" or "joined by themselves".
        public var from: String
        public var timeToAction: String
        public var withinTarget: Bool
    }

    public struct SurveyLine: Sendable, Equatable {
        public var user: String
        public var wentWell: String
        public var wasHard: String
        public var factors: String
        public var severityRight: String
    }
}

extension IncidentPlanner {
    /// The postmortem facts for an incident as of `now`.
    public func postmortem(
        _ incident: Incident, timeline: [TimelineEntry], checkIns: [(userID: String, at: Date)], actions: [ActionItem],
        survey: [SurveyResponse] = [], errorBudget: [String] = [], invitations: [String: Date] = [:], now: Date
    ) -> PostmortemFacts {
        let participants = RetroSurvey.participants(incident, checkIns: checkIns.sorted { $0.at < $1.at }.map(\.userID))
        let answered = survey.filter { participants.contains($0.userID) }.count
        let ordered = TimelineEntry.ordered(timeline)
        let view = self.view(of: incident, now: now)
        let target = configuration.severity(named: incident.severity)?.checkInWithin
        let first = checkIns.min { $0.at < $1.at }
        let firstSeconds = first.map { Self.wholeSeconds(from: incident.declaredAt, to: $0.at) }
        func line(_ entry: TimelineEntry) -> PostmortemFacts.Line {
            PostmortemFacts.Line(time: UTCTime.timestamp(entry.at), kind: TimelineText.label(entry.kind), text: entry.text.plainText + (entry.actor.map { entry.text.mentionedUsers.contains($0) ? "" : " (@\($0))" } ?? ""))
        }
        let handoff = ordered.last { $0.kind == .handoff }.map { $0.text.plainText.split(separator: "\n").map(String.init) } ?? []
        var services: [PostmortemFacts.ServiceLine] = []
        if let service = incident.service.flatMap(configuration.service(named:)) {
            services.append(.init(name: service.name, tier: service.tier, team: service.team ?? "-", role: "affected"))
            for dependent in configuration.dependents(of: service.name) {
                services.append(.init(name: dependent.name, tier: dependent.tier, team: dependent.team ?? "-", role: "impacted (depends on \(service.name))"))
            }
        }
        let responderTimes = ResponderTimeToAction.measure(declaredAt: incident.declaredAt, checkIns: checkIns, invitations: invitations).map { time in
            PostmortemFacts.ResponderLine(
                user: time.userID, from: time.invitedAt.map { "invited " + UTCTime.timestamp($0) + " UTC" } ?? "joined by themselves",
                timeToAction: Self.spell(seconds: time.seconds), withinTarget: time.seconds <= (target?.seconds ?? .max)
            )
        }
        var facts = PostmortemFacts(
            number: incident.number, title: incident.title, severity: incident.severity.rawValue, severitySummary: view.severitySummary,
            state: incident.state.rawValue, declaredAt: UTCTime.timestamp(incident.declaredAt),
            resolvedAt: incident.resolvedAt.map { UTCTime.timestamp($0) + " UTC" } ?? "not yet", duration: view.age,
            summary: incident.latestStatus?.plainText, commander: incident.commander, commsLead: incident.commsLead, scribe: incident.scribe,
            severityHistory: ordered.filter { $0.kind == .declared || $0.kind == .severity }.map(line),
            services: services,
            timeToAction: firstSeconds.map { Self.spell(seconds: $0) } ?? "no check-in",
            checkInTarget: target?.spelledOut ?? "none", withinTarget: firstSeconds.map { $0 <= (target?.seconds ?? .max) } ?? false,
            hasCheckIn: first != nil,
            responders: checkIns.sorted { $0.at < $1.at }.map(\.userID),
            timeline: ordered.filter { $0.kind != .handoff }.map(line),
            evidence: ordered.filter { [.evidence, .captured, .file].contains($0.kind) }.map(line),
            actions: actions.map { .init(id: $0.id, owner: $0.owner, text: $0.text, due: $0.due ?? "no due date", state: $0.state.rawValue, trackerKey: $0.trackerKey) },
            hasActions: !actions.isEmpty,
            survey: survey.map { response in
                PostmortemFacts.SurveyLine(
                    user: response.userID, wentWell: response.answers["went_well"] ?? "—", wasHard: response.answers["was_hard"] ?? "—",
                    factors: response.answers["factors"] ?? "—", severityRight: response.answers["severity_right"] ?? "—"
                )
            },
            surveyCompletion: "\(answered) of \(participants.count) participant\(participants.count == 1 ? "" : "s")",
            errorBudget: errorBudget, hasErrorBudget: !errorBudget.isEmpty,
            handoff: handoff, hasHandoff: !handoff.isEmpty
        )
        facts.responderTimes = responderTimes
        return facts
    }

    /// `/incident action`: the item (its id assigned by the store) and the message announcing it, with a *Done* button.
    public func addAction(_ request: ActionRequest, id: Int, by userID: String, in incident: Incident, now: Date) -> (ActionItem, Decision) {
        let item = ActionItem(id: id, incidentNumber: incident.number, owner: request.owner, text: request.text, due: request.due, createdBy: userID, createdAt: now)
        let post = Post(target: .incidentChannel, view: view(of: incident, now: now), ring: .responders, content: .actionAdded(ActionItemAdded(
            id: id, owner: request.owner, text: request.text, due: request.due, actor: userID
        )))
        let filing: [Effect] = configuration.tracker == nil ? [] : [.fileActionItem(id: id)]
        return (item, Decision(incident: incident, effects: [.post(post)] + filing))
    }

    /// An action item marked done.
    public func completeAction(_ item: ActionItem, by userID: String, in incident: Incident, now: Date) -> Decision {
        Decision(incident: incident, effects: [.post(Post(target: .incidentChannel, view: view(of: incident, now: now), ring: .responders, content: .actionDone(ActionItemDone(
            id: item.id, text: item.text, actor: userID
        ))))])
    }
}
