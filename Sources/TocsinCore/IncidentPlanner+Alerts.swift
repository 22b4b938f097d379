import Foundation

/// What alerts change in incidents: a declaration with the alerts as evidence, alerts attached to an active
/// incident, alerts that resolved. Pure, like the rest of the planner.
extension IncidentPlanner {
    /// Declares incident `number` from alerts: the service's first responder (a user) commands, the monitor is
    /// the declarer, and the alerts follow the welcome as evidence.
    public func declare(
        fromAlerts request: IncidentDeclaration, evidence: [AlertNotice], source: AlertSource, number: Int, now: Date
    ) -> Declaration {
        let firstResponder = request.service.flatMap(configuration.service(named:))?.responders.lazy.compactMap { ref -> String? in
            if case .user(let id) = ref { return id }
            return nil
        }.first
        let commander = firstResponder ?? source.rawValue
        var declaration = declare(request, number: number, userID: commander, now: now)
        declaration.incident.declaredBy = source.rawValue
        declaration.declaredByMonitor = true
        declaration.effects = declaration.effects.compactMap { effect in
            guard firstResponder == nil else { return effect }
            switch effect {
            case .inviteResponders(let users, let groups):
                return .inviteResponders(userIDs: users.filter { $0 != commander }, groupHandles: groups)
            case .post(let post) where post.target == .directMessage(commander):
                // The monitor commands until someone takes the role: nobody to brief.
                return nil
            default:
                return effect
            }
        }
        let view = self.view(of: declaration.incident, now: now)
        let news = Post(target: .incidentChannel, view: view, ring: .responders, content: .alerts(AlertNews(
            source: source.rawValue, event: .declared, lines: evidence.map { Self.line($0, now: now) }
        )))
        let welcome = declaration.effects.firstIndex { effect in
            if case .post(let post) = effect, post.template == .welcome { return true }
            return false
        }
        declaration.effects.insert(.post(news), at: welcome.map { $0 + 1 } ?? declaration.effects.endIndex)
        return declaration
    }

    /// The timeline entries that record alerts on an incident (the evidence of a declaration, attachments, resolutions).
    public func alertEntries(_ alerts: [AlertNotice], source: AlertSource, now: Date) -> [TimelineEntry] {
        alerts.map { alert in
            TimelineEntry(at: now, kind: .evidence, actor: nil, text: "\(source.rawValue): " + Self.line(alert, now: now), key: alert.timelineKey)
        }
    }

    /// Alerts attached to an active incident and alerts that resolved: one line each in the timeline, one message
    /// per kind in the incident channel. The incident itself does not change (a resolved alert does not resolve it).
    public func alerts(attached: [AlertNotice], resolved: [AlertNotice], to incident: Incident, source: AlertSource, now: Date) -> Decision {
        let view = self.view(of: incident, now: now)
        var effects: [Effect] = []
        if !attached.isEmpty {
            effects.append(.post(Post(target: .incidentChannel, view: view, ring: .responders, content: .alerts(AlertNews(
                source: source.rawValue, event: .attached, lines: attached.map { Self.line($0, now: now) }
            )))))
        }
        if !resolved.isEmpty {
            effects.append(.post(Post(target: .incidentChannel, view: view, ring: .responders, content: .alerts(AlertNews(
                source: source.rawValue, event: .resolved, lines: resolved.map { Self.line($0, now: now) }
            )))))
        }
        return Decision(incident: incident, effects: effects, timeline: alertEntries(attached + resolved, source: source, now: now))
    }

    /// One alert on one line: `HighErrorRate firing since 2026-11-30 06:01 UTC: summary (labels) · links`, or
    /// `HighErrorRate resolved at 2026-11-30 06:20 UTC`.
    public static func line(_ alert: AlertNotice, now: Date) -> RichText {
        var text: RichText = "\(strong: alert.name)"
        switch alert.status {
        case .firing:
            text.append(" firing" + (alert.startsAt.map { " since \(UTCTime.minutes($0)) UTC" } ?? ""))
        case .resolved:
            text.append(" resolved at \(UTCTime.minutes(alert.endsAt ?? now)) UTC")
        }
        if let summary = alert.summary, !summary.isEmpty, summary != alert.name { text.append(": \(summary)") }
        if alert.status == .firing, !alert.labels.isEmpty {
            let labels = alert.labels.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
            text.append(.text(" (\(labels))"))
        }
        for link in alert.links {
            text.append(" · ")
            text.append(.link(url: link.url, label: link.title))
        }
        return text
    }
}
