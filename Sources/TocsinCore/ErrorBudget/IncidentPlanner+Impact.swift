import Foundation

/// What `/incident impact …` asks for.
public enum ImpactRequest: Sendable, Equatable {
    /// Impact started at this time (UTC, today or the latest such time before now); nil: now.
    case start(ClockTime?)
    /// Impact ended at this time; nil: now.
    case end(ClockTime?)
    /// The impact is at this level from now on.
    case level(ImpactLevel)
}

/// Why an impact change was refused; `message` is the sentence the person sees.
public enum ImpactError: Error, Sendable, Equatable {
    /// A level change on a resolved or cancelled incident ("from now on" means nothing there).
    case closed(number: Int)
    /// The end would not be after the start.
    case endNotAfterStart(start: Date)
    /// The start would not be before the end.
    case startNotBeforeEnd(end: Date)

    public var code: String {
        switch self {
        case .closed: "impact_closed"
        case .endNotAfterStart: "impact_end_not_after_start"
        case .startNotBeforeEnd: "impact_start_not_before_end"
        }
    }

    public func message(command: String) -> String {
        switch self {
        case .closed(let number):
            "#\(number) is closed, so its impact level cannot change from now on; correct the window with `\(command) impact start HH:MM` or `\(command) impact end HH:MM`."
        case .endNotAfterStart(let start):
            "Impact started at \(UTCTime.minutes(start)) UTC, so it cannot end before that; give a later time, e.g. `\(command) impact end HH:MM`, or move the start first with `\(command) impact start HH:MM`."
        case .startNotBeforeEnd(let end):
            "Impact ended at \(UTCTime.minutes(end)) UTC, so it cannot start after that; give an earlier time, or move the end first with `\(command) impact end HH:MM`."
        }
    }
}

extension IncidentPlanner {
    /// `/incident impact …`: the change as a timeline entry (see ``ImpactChange``), checked against the
    /// window the timeline already sets. The incident itself does not change.
    public func changeImpact(
        _ request: ImpactRequest, of incident: Incident, timeline: [TimelineEntry], by userID: String, now: Date
    ) -> Result<Decision, ImpactError> {
        let changes = timeline.compactMap(ImpactChange.init)
        let start = ImpactChange.latest(.start, of: changes)?.at ?? incident.declaredAt
        let end = ImpactChange.latest(.end, of: changes)?.at ?? incident.resolvedAt
        let change: ImpactChange
        switch request {
        case .start(let time):
            let at = time?.latest(atOrBefore: now) ?? now
            if let end, at >= end { return .failure(.startNotBeforeEnd(end: end)) }
            change = ImpactChange(kind: .start, at: at, decidedAt: now, actor: userID)
        case .end(let time):
            let at = time?.latest(atOrBefore: now) ?? now
            if at <= start { return .failure(.endNotAfterStart(start: start)) }
            change = ImpactChange(kind: .end, at: at, decidedAt: now, actor: userID)
        case .level(let level):
            guard incident.state.isActive else { return .failure(.closed(number: incident.number)) }
            change = ImpactChange(kind: .level(level), at: now, decidedAt: now, actor: userID)
        }
        return .success(Decision(incident: incident, effects: [], timeline: [change.entry]))
    }
}
