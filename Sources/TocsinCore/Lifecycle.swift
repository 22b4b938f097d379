import Foundation

/// A decision about an existing incident: its new state and the effects that follow.
public struct Decision: Sendable, Equatable {
    public var incident: Incident
    public var effects: [Effect]
    /// What the timeline gains.
    public var timeline: [TimelineEntry]
    /// Timeline entries (by key) that no longer hold, e.g. an un-pinned message.
    public var removedFromTimeline: [String]

    public init(incident: Incident, effects: [Effect], timeline: [TimelineEntry] = [], removedFromTimeline: [String] = []) {
        self.incident = incident
        self.effects = effects
        self.timeline = timeline
        self.removedFromTimeline = removedFromTimeline
    }
}

/// Why a change to an incident was refused; `message` is the sentence the person sees.
public enum LifecycleError: Error, Sendable, Equatable {
    case sameSeverity(Severity)
    case alreadyResolved(number: Int)
    /// Cancelled as declared by mistake: nothing more happens to it.
    case alreadyCancelled(number: Int)
    /// Only a resolved or cancelled incident can be reopened.
    case notEnded(number: Int)
    /// A drill script's step on an incident that is not a drill.
    case notADrill(number: Int)

    /// Why an incident that is over cannot change: resolved or cancelled.
    static func ended(_ incident: Incident) -> LifecycleError {
        incident.state == .cancelled ? .alreadyCancelled(number: incident.number) : .alreadyResolved(number: incident.number)
    }

    public var code: String {
        switch self {
        case .sameSeverity: "same_severity"
        case .alreadyResolved: "already_resolved"
        case .alreadyCancelled: "already_cancelled"
        case .notEnded: "not_ended"
        case .notADrill: "not_a_drill"
        }
    }

    public func message(command: String) -> String {
        switch self {
        case .sameSeverity(let severity):
            "The incident is already \(severity); to change it, name another severity, e.g. `\(command) severity SEV0`."
        case .alreadyResolved(let number):
            "Incident #\(number) is resolved; declare a new one with `\(command) declare` if the problem is back."
        case .notEnded(let number):
            "Incident #\(number) is still active; only a resolved or cancelled incident can be reopened."
        case .notADrill(let number):
            "Incident #\(number) is a real incident, not a drill; a drill's script plays only on a drill (`\(command) declare --drill …`)."
        case .alreadyCancelled(let number):
            "Incident #\(number) was cancelled as declared by mistake; declare a new one with `\(command) declare` if there is a problem after all."
        }
    }
}

extension IncidentPlanner {
    /// Raises or lowers the severity: the channel is told, rings still reached hear of the change in one
    /// line (the executive root is edited and the line goes in its thread), newly reached rings catch up,
    /// and rings no longer reached are told once that they will hear no more until the incident resolves.
    public func changeSeverity(_ incident: Incident, to severity: Severity, by userID: String, now: Date) -> Result<Decision, LifecycleError> {
        guard incident.state.isActive else { return .failure(.ended(incident)) }
        guard incident.severity != severity else { return .failure(.sameSeverity(severity)) }
        let before = audience(severity: incident.severity, tier: incident.tier, service: incident.service, isDrill: incident.isDrill)
        let after = audience(severity: severity, tier: incident.tier, service: incident.service, isDrill: incident.isDrill)
        let added = after.filter { channel in !before.contains { $0.name == channel.name } }
        let removed = before.filter { channel in !after.contains { $0.name == channel.name } }
        let raised = severityRank(severity) < severityRank(incident.severity)

        var changed = incident
        let previous = incident.severity
        changed.severity = severity
        if let cadence = configuration.severity(named: severity)?.updateEvery {
            let sooner = now.addingTimeInterval(Double(cadence.seconds))
            changed.nextUpdateDue = min(changed.nextUpdateDue ?? sooner, sooner)
        }
        let view = self.view(of: changed, now: now)
        let change = SeverityChange(previousSeverity: previous, raised: raised)
        var effects: [Effect] = [
            .post(Post(target: .incidentChannel, view: view, ring: .responders, content: .severityChanged(
                change, actor: userID, addedRings: added.map(\.name), removedRings: removed.map(\.name)
            ))),
            .setIncidentTopic(topic(of: changed)),
        ]
        let alreadyEngaged = engaged(severity: previous, service: incident.service)
        let newlyEngaged = engaged(severity: severity, service: incident.service).filter { !alreadyEngaged.contains($0) }
        if !newlyEngaged.isEmpty {
            let (users, groups) = split(newlyEngaged)
            effects.append(.inviteResponders(userIDs: users, groupHandles: groups))
        }
        // Rings reached before and after hear of the change in one line; the executive root is edited too.
        for channel in after where !added.contains(channel) {
            if channel.ring == .executives {
                effects.append(.updateRoot(Post(target: .named(channel.name), view: view, ring: .executives, content: .execRoot)))
                effects.append(.post(Post(target: .thread(channel.name), view: view, ring: .executives, content: .severityRing(change))))
            } else {
                effects.append(.post(Post(target: .named(channel.name), view: view, ring: channel.ring, content: .severityRing(change))))
            }
        }
        for channel in added {
            if channel.ring == .executives {
                let told = changed.toldChannels.contains(channel)
                effects.append(told
                    ? .updateRoot(Post(target: .named(channel.name), view: view, ring: .executives, content: .execRoot))
                    : .post(Post(target: .named(channel.name), view: view, ring: .executives, content: .execRoot)))
            } else {
                effects.append(.post(Post(target: .named(channel.name), view: view, ring: channel.ring, content: .ringCatchUp)))
            }
            if !changed.toldChannels.contains(channel) { changed.toldChannels.append(channel) }
        }
        for channel in removed {
            if channel.ring == .executives {
                effects.append(.updateRoot(Post(target: .named(channel.name), view: view, ring: .executives, content: .execRoot)))
                effects.append(.post(Post(target: .thread(channel.name), view: view, ring: .executives, content: .ringStandDown(previousSeverity: previous))))
            } else {
                effects.append(.post(Post(target: .named(channel.name), view: view, ring: channel.ring, content: .ringStandDown(previousSeverity: previous))))
            }
        }
        // Raised into a severity that pages (`paging.page_at`): the service's on-call is paged as on a declaration
        // at that severity. A drill never pages; lowering a severity leaves a page sent to be resolved with the incident.
        if raised, !incident.isDrill, !configuration.pagingSeverities.contains(previous), configuration.pagingSeverities.contains(severity),
           let service = incident.service.flatMap(configuration.service(named:)), service.pager != nil {
            effects.append(.page(PageRequest(action: .trigger, service: service.name)))
        }
        // The check-in target moves with the severity: an alarm for the new one (the old one goes off quietly).
        if checkInFollowUpDue(changed) != checkInFollowUpDue(incident), let alarm = checkInAlarm(changed) { effects.append(alarm) }
        let entry = TimelineEntry(
            at: now, kind: .severity, actor: userID, text: "Severity \(raised ? "raised" : "lowered") from \(previous) to \(severity)",
            key: TimelineEntry.key(.severity, at: now, actor: userID)
        )
        return .success(Decision(incident: changed, effects: effects, timeline: [entry]))
    }

    /// A status update: posted in the incident channel and to every reached ring, each in its own form;
    /// the executive root message is edited in place and the update goes in its thread.
    public func postStatus(_ incident: Incident, state: IncidentState, text: RichText, by userID: String, now: Date) -> Result<Decision, LifecycleError> {
        guard incident.state.isActive else { return .failure(.ended(incident)) }
        var changed = incident
        changed.state = state
        changed.latestStatus = text
        changed.lastStatusAt = now
        changed.missedUpdates = 0
        let cadence = configuration.severity(named: incident.severity)?.updateEvery
        changed.nextUpdateDue = cadence.map { now.addingTimeInterval(Double($0.seconds)) }
        let view = self.view(of: changed, now: now)
        let news = StatusNews(actor: userID, state: state, text: text)
        var effects: [Effect] = [
            .post(Post(target: .incidentChannel, view: view, ring: .responders, content: .statusUpdate(news))),
        ]
        if state != incident.state { effects.append(.setIncidentTopic(topic(of: changed))) }
        for channel in audience(severity: changed.severity, tier: changed.tier, service: changed.service, isDrill: changed.isDrill) {
            if channel.ring == .executives {
                effects.append(.updateRoot(Post(target: .named(channel.name), view: view, ring: .executives, content: .execRoot)))
                effects.append(.post(Post(target: .thread(channel.name), view: view, ring: .executives, content: .statusExecThread(news))))
            } else {
                effects.append(.post(Post(target: .named(channel.name), view: view, ring: channel.ring, content: .statusRing(news))))
            }
        }
        let entry = TimelineEntry(at: now, kind: .status, actor: userID, text: "\(state.rawValue): \(text)", key: TimelineEntry.key(.status, at: now, actor: userID))
        return .success(Decision(incident: changed, effects: effects, timeline: [entry]))
    }

    /// Resolves the incident: every ring ever told gets the closing message; the executive root shows the final
    /// state, and so does the welcome, which loses its *Check in* button.
    public func resolve(_ incident: Incident, summary: RichText?, by userID: String, now: Date) -> Result<Decision, LifecycleError> {
        guard incident.state.isActive else { return .failure(.ended(incident)) }
        var changed = incident
        changed.state = .resolved
        changed.resolvedAt = now
        changed.nextUpdateDue = nil
        if let summary, !summary.isEmpty { changed.latestStatus = summary }
        let view = self.view(of: changed, now: now)
        let closing = Closing(actor: userID, duration: view.age, summary: summary.flatMap { $0.isEmpty ? nil : $0 })
        var effects: [Effect] = [
            .post(Post(target: .incidentChannel, view: view, ring: .responders, content: .resolved(closing))),
            .updateRoot(Post(target: .incidentChannel, view: view, ring: .responders, content: .welcome)),
            .setIncidentTopic(topic(of: changed)),
        ]
        for channel in changed.toldChannels {
            if channel.ring == .executives {
                effects.append(.updateRoot(Post(target: .named(channel.name), view: view, ring: .executives, content: .execRoot)))
                effects.append(.post(Post(target: .thread(channel.name), view: view, ring: .executives, content: .resolvedExecThread(closing))))
            } else {
                effects.append(.post(Post(target: .named(channel.name), view: view, ring: channel.ring, content: .resolvedRing(closing))))
            }
        }
        if configuration.services.contains(where: { $0.pager != nil }) {
            // Resolves the pages this incident sent, if any (delivery reads which from the timeline).
            effects.append(.page(PageRequest(action: .resolve, service: nil)))
        }
        if let alarm = archiveAlarm(resolvedAt: now) { effects.append(alarm) }
        let entry = TimelineEntry(
            at: now, kind: .resolved, actor: userID, text: "Resolved after \(view.age)" + (summary.map { $0.isEmpty ? "" : ": \($0)" } ?? ""),
            key: TimelineEntry.key(.resolved, at: now, actor: userID)
        )
        return .success(Decision(incident: changed, effects: effects, timeline: [entry]))
    }

    /// Cancels an incident declared by mistake: the channel and every ring ever told hear it once (the executive
    /// root shows the state and the reason goes in its thread); reminders stop, and the KPIs leave it out.
    public func cancel(_ incident: Incident, reason: RichText, by userID: String, now: Date) -> Result<Decision, LifecycleError> {
        guard incident.state.isActive else { return .failure(.ended(incident)) }
        var changed = incident
        changed.state = .cancelled
        changed.resolvedAt = now
        changed.nextUpdateDue = nil
        let view = self.view(of: changed, now: now)
        let cancellation = Cancellation(actor: userID, reason: reason)
        var effects: [Effect] = [
            .post(Post(target: .incidentChannel, view: view, ring: .responders, content: .cancelled(cancellation))),
            .setIncidentTopic(topic(of: changed)),
        ]
        for channel in changed.toldChannels {
            if channel.ring == .executives {
                effects.append(.updateRoot(Post(target: .named(channel.name), view: view, ring: .executives, content: .execRoot)))
                effects.append(.post(Post(target: .thread(channel.name), view: view, ring: .executives, content: .cancelledExecThread(cancellation))))
            } else {
                effects.append(.post(Post(target: .named(channel.name), view: view, ring: channel.ring, content: .cancelledRing(cancellation))))
            }
        }
        if configuration.services.contains(where: { $0.pager != nil }) {
            // A page sent for a mistake is resolved as a resolve would (delivery reads which from the timeline).
            effects.append(.page(PageRequest(action: .resolve, service: nil)))
        }
        let entry = TimelineEntry(at: now, kind: .status, actor: userID, text: "cancelled: \(reason)", key: TimelineEntry.key(.status, at: now, actor: userID))
        return .success(Decision(incident: changed, effects: effects, timeline: [entry]))
    }

    /// Makes a resolved or cancelled incident active again (investigating): the channel and every ring ever told
    /// hear it (the executive root shows it active, the news goes in its thread) and the update cadence starts
    /// again. Pages that were resolved are not sent again; `/incident page` does that.
    ///
    /// When `channelArchived` (`archive_after` archived it, and a bot cannot unarchive a channel), nothing is
    /// posted in the incident channel; the rings are told as usual.
    public func reopen(
        _ incident: Incident, reason: RichText?, by userID: String, now: Date, channelArchived: Bool = false
    ) -> Result<Decision, LifecycleError> {
        guard !incident.state.isActive else { return .failure(.notEnded(number: incident.number)) }
        var changed = incident
        changed.state = .investigating
        changed.resolvedAt = nil
        changed.missedUpdates = 0
        changed.nextUpdateDue = configuration.severity(named: incident.severity).map { now.addingTimeInterval(Double($0.updateEvery.seconds)) }
        let view = self.view(of: changed, now: now)
        let reopening = Reopening(actor: userID, reason: reason)
        var effects: [Effect] = channelArchived ? [] : [
            .post(Post(target: .incidentChannel, view: view, ring: .responders, content: .reopened(reopening))),
            .updateRoot(Post(target: .incidentChannel, view: view, ring: .responders, content: .welcome)),
            .setIncidentTopic(topic(of: changed)),
        ]
        for channel in changed.toldChannels {
            if channel.ring == .executives {
                effects.append(.updateRoot(Post(target: .named(channel.name), view: view, ring: .executives, content: .execRoot)))
                effects.append(.post(Post(target: .thread(channel.name), view: view, ring: .executives, content: .reopenedExecThread(reopening))))
            } else {
                effects.append(.post(Post(target: .named(channel.name), view: view, ring: channel.ring, content: .reopenedRing(reopening))))
            }
        }
        let text: RichText = "reopened (was \(incident.state.rawValue))" + (reason.map { ": \($0)" } ?? "")
        let entry = TimelineEntry(at: now, kind: .status, actor: userID, text: text, key: TimelineEntry.key(.status, at: now, actor: userID))
        return .success(Decision(incident: changed, effects: effects, timeline: [entry]))
    }

    /// The reminder owed when a status update is overdue at `now`, or nil when none is.
    ///
    /// The first missed update reminds the commander (and comms lead); later ones escalate to the
    /// comms lead and note the missed update in the executive thread. However long the bot was down,
    /// one reminder is sent and the next falls a full interval later.
    public func remindIfDue(_ incident: Incident, now: Date) -> Decision? {
        guard incident.state.isActive, let due = incident.nextUpdateDue, now >= due,
              let cadence = configuration.severity(named: incident.severity)?.updateEvery else { return nil }
        var changed = incident
        changed.missedUpdates += 1
        changed.nextUpdateDue = now.addingTimeInterval(Double(cadence.seconds))
        let view = self.view(of: changed, now: now)
        let silence = Self.spell(seconds: Self.wholeSeconds(from: incident.lastStatusAt ?? incident.declaredAt, to: now))
        let overdue = OverdueUpdate(silence: silence, missed: changed.missedUpdates)
        if changed.missedUpdates == 1 {
            return Decision(incident: changed, effects: [
                .post(Post(target: .incidentChannel, view: view, ring: .responders, content: .reminder(overdue))),
            ])
        }
        var effects: [Effect] = [
            .post(Post(target: .incidentChannel, view: view, ring: .responders, content: .reminderEscalated(overdue))),
        ]
        for channel in audience(severity: changed.severity, tier: changed.tier, service: changed.service, isDrill: changed.isDrill)
        where channel.ring == .executives && changed.toldChannels.contains(channel) {
            effects.append(.post(Post(target: .thread(channel.name), view: view, ring: .executives, content: .execOverdue(overdue))))
        }
        return Decision(incident: changed, effects: effects)
    }

    /// A question asked in the executive thread, relayed into the incident channel for the comms lead (or commander).
    public func relayQuestion(_ incident: Incident, from userID: String, text: RichText, inChannel channelName: String, now: Date) -> Decision {
        let view = self.view(of: incident, now: now)
        return Decision(incident: incident, effects: [
            .post(Post(target: .incidentChannel, view: view, ring: .responders, content: .execQuestion(RelayedQuestion(
                asker: userID, askedIn: channelName, addressee: incident.communicator, question: text
            )))),
        ], timeline: [
            TimelineEntry(at: now, kind: .question, actor: userID, text: "Question in #\(channelName): \(text)", key: TimelineEntry.key(.question, at: now, actor: userID)),
        ])
    }

    /// 0 for the most severe; unknown severities sort last.
    func severityRank(_ severity: Severity) -> Int {
        configuration.rank(of: severity)
    }
}
