import Foundation

/// The scripted events `tocsin drill` plays on a practice incident so a team can rehearse the whole flow in
/// about two minutes: the declaration, alert evidence, a check-in prompt, a status update, and a wrap-up.
///
/// Each step is decided by the planner like any change (pure, on the incident as stored); the app layer waits
/// between them, their offsets multiplied by a pace (0 plays them at once, as tests do).
public struct DrillScript: Sendable, Equatable {
    /// One event of the script.
    public enum Step: String, Sendable, CaseIterable {
        case declare
        /// A practice alert on the service, attached to the drill as evidence.
        case alertEvidence = "alert_evidence"
        /// The responders are asked to check in (the time to action is measured as in a real incident).
        case checkInPrompt = "check_in_prompt"
        /// A status update from the commander, told to the drill channel as the rings would be.
        case statusUpdate = "status_update"
        /// The script is over: the commander is asked to resolve the drill.
        case wrapUp = "wrap_up"
    }

    /// When each step happens, in seconds after the declaration at pace 1: two minutes in all.
    public static let timing: [(step: Step, seconds: Int)] = [
        (.declare, 0), (.alertEvidence, 15), (.checkInPrompt, 40), (.statusUpdate, 75), (.wrapUp, 120),
    ]

    public var severity: Severity
    public var service: String
    public var title: String
    /// Who commands the drill (and posts the scripted status update): a user id.
    public var commander: String

    public init(severity: Severity, service: String, title: String, commander: String) {
        self.severity = severity
        self.service = service
        self.title = title
        self.commander = commander
    }

    /// The title a drill gets when none is given.
    public static func defaultTitle(service: String) -> String {
        "Practice: \(service) error rate above 5 %"
    }

    /// Who declares a drill started from the command line, as the timeline names it.
    public static let declarer = "Tocsin drill"

    /// The commander a drill on `service` gets when none is given: the service's first responder that is a
    /// user (not a group); nil when it has none.
    public static func defaultCommander(service: ServiceEntry) -> String? {
        service.responders.lazy.compactMap { ref -> String? in
            if case .user(let id) = ref { return id }
            return nil
        }.first
    }

    /// The practice alert the `alertEvidence` step attaches.
    public func alert(incident number: Int, at: Date) -> AlertNotice {
        let name = "Drill" + service.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() + "ErrorRate"
        return AlertNotice(
            key: "drill-\(number)", name: name, status: .firing, service: service, severityValue: severity.rawValue,
            summary: "\(service) error rate above 5 % (a practice alert: nothing is broken)", startsAt: at,
            labels: [AlertLabel(name: "drill", value: "true"), AlertLabel(name: "service", value: service), AlertLabel(name: "severity", value: severity.rawValue)]
        )
    }

    /// The scripted status update's text.
    public var statusText: RichText {
        "Practice update: the \(service) error rate rose after the last deploy; we are rolling it back and watching the graphs."
    }
}

extension IncidentPlanner {
    /// Declares the drill `script` describes as incident `number`: declared by ``DrillScript/declarer``,
    /// commanded by the script's commander, marked as a drill everywhere.
    public func declareDrill(_ script: DrillScript, number: Int, now: Date) -> Declaration {
        var declaration = declare(
            IncidentDeclaration(severity: script.severity, service: script.service, title: script.title, isDrill: true),
            number: number, userID: script.commander, now: now
        )
        declaration.incident.declaredBy = DrillScript.declarer
        declaration.declaredByMonitor = true
        return declaration
    }

    /// What step `step` of `script` does to the drill `incident` at `now`; refused once the drill has ended
    /// (the team resolved or cancelled it before the script was over) or when `incident` is not a drill.
    public func drillStep(_ step: DrillScript.Step, of script: DrillScript, on incident: Incident, now: Date) -> Result<Decision, LifecycleError> {
        guard incident.isDrill else { return .failure(.notADrill(number: incident.number)) }
        guard incident.state.isActive else { return .failure(.ended(incident)) }
        let view = self.view(of: incident, now: now)
        switch step {
        case .declare:
            // The declaration is its own transaction (``declareDrill(_:number:now:)``); nothing more to do.
            return .success(Decision(incident: incident, effects: []))
        case .alertEvidence:
            return .success(alerts(attached: [script.alert(incident: incident.number, at: now)], resolved: [], to: incident, source: .drill, now: now))
        case .checkInPrompt:
            let responders = configuration.service(named: script.service)?.responders ?? []
            return .success(Decision(
                incident: incident,
                effects: [.post(Post(target: .incidentChannel, view: view, ring: .responders, content: .drillPrompt(DrillPrompt(step: .checkIn, responders: responders))))],
                timeline: [TimelineEntry(at: now, kind: .note, actor: nil, text: "Drill script: the responders were asked to check in", key: "drill:check_in")]
            ))
        case .statusUpdate:
            return postStatus(incident, state: .identified, text: script.statusText, by: script.commander, now: now)
        case .wrapUp:
            return .success(Decision(
                incident: incident,
                effects: [.post(Post(target: .incidentChannel, view: view, ring: .responders, content: .drillPrompt(DrillPrompt(step: .wrapUp))))],
                timeline: [TimelineEntry(at: now, kind: .note, actor: nil, text: "Drill script over", key: "drill:wrap_up")]
            ))
        }
    }
}
