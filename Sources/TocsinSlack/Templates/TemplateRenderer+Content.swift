import TocsinCore

/// The Mustache context of each kind of message: the typed facts of a ``MessageContent`` under the
/// names the templates read.
extension TemplateRenderer {
    static func context(_ content: MessageContent, rich: inout RichValues) -> [String: Any] {
        var context: [String: Any] = [:]
        /// Plain text; left out when empty, so a template's `{{#name}}` section reads as absent.
        func plain(_ name: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            context[name] = RichValues.plain(value)
        }
        /// What people wrote, written in Slack's markup after rendering; left out when empty.
        func written(_ name: String, _ text: RichText?) {
            guard let text, !text.isEmpty else { return }
            context[name] = rich.placeholder(for: text)
        }
        func severity(_ change: SeverityChange) {
            plain("previousSeverity", change.previousSeverity.rawValue)
            plain("direction", change.raised ? "raised" : "lowered")
            context["raised"] = change.raised
        }
        func status(_ news: StatusNews) {
            plain("actor", news.actor)
            plain("state", news.state.rawValue)
            written("text", news.text)
        }
        func overdue(_ update: OverdueUpdate) {
            plain("silence", update.silence)
            plain("missed", String(update.missed))
        }
        func closing(_ closing: Closing) {
            plain("actor", closing.actor)
            plain("duration", closing.duration)
            written("summary", closing.summary)
        }
        switch content {
        case .welcome, .stakeholdersDeclared, .companyDeclared, .execRoot, .ringCatchUp:
            break
        case .checkedIn(let checkIn):
            var facts: [String: Any] = [
                "userID": checkIn.userID, "timeToAction": checkIn.timeToAction, "target": checkIn.target,
                "withinTarget": checkIn.withinTarget, "isFirst": checkIn.isFirst,
            ]
            if let since = checkIn.sinceInvitation { facts["sinceInvitation"] = since }
            context["checkIn"] = facts
        case .severityChanged(let change, let actor, let added, let removed):
            severity(change)
            plain("actor", actor)
            plain("addedRings", added.map { "#\($0)" }.joined(separator: ", "))
            plain("removedRings", removed.map { "#\($0)" }.joined(separator: ", "))
        case .severityRing(let change):
            severity(change)
        case .ringStandDown(let previous):
            plain("previousSeverity", previous.rawValue)
        case .statusUpdate(let news), .statusRing(let news), .statusExecThread(let news):
            status(news)
        case .reminder(let update), .reminderEscalated(let update), .execOverdue(let update):
            overdue(update)
        case .execQuestion(let question):
            plain("asker", question.asker)
            plain("askedIn", question.askedIn)
            plain("addressee", question.addressee)
            written("question", question.question)
        case .roleChanged(let change):
            plain("user", change.user)
            plain("role", change.role)
            plain("actor", change.actor)
        case .resolved(let note), .resolvedRing(let note), .resolvedExecThread(let note):
            closing(note)
        case .cancelled(let cancellation), .cancelledRing(let cancellation), .cancelledExecThread(let cancellation):
            plain("actor", cancellation.actor)
            written("reason", cancellation.reason)
        case .reopened(let reopening), .reopenedRing(let reopening), .reopenedExecThread(let reopening):
            plain("actor", reopening.actor)
            written("reason", reopening.reason)
        case .actionAdded(let item):
            plain("actionID", String(item.id))
            plain("owner", item.owner)
            plain("text", item.text)
            plain("due", item.due)
            plain("actor", item.actor)
        case .actionDone(let item):
            plain("actionID", String(item.id))
            plain("text", item.text)
            plain("actor", item.actor)
        case .invitesRefused(let refused):
            context["refusedInvites"] = refused.map { ["userID": $0.userID, "code": $0.code, "reason": $0.reason] }
        case .ringChannelUnusable(let notice):
            plain("channel", notice.channel)
            plain("setting", notice.setting)
            context[notice.problem.rawValue] = true
        case .budgetBurn(let news):
            plain("slo", news.slo)
            plain("window", news.window)
            plain("percent", String(news.percent))
            plain("burned", news.burned)
            plain("budget", news.budget)
            plain("rest", news.rest)
            plain("overspent", news.overspent)
        case .budgetPolicy(let news):
            plain("slo", news.slo)
            plain("service", news.service)
            plain("window", news.window)
            plain("threshold", String(news.threshold))
            plain("percent", String(news.percent))
            plain("consumed", news.consumed)
            plain("budget", news.budget)
            plain("incidents", news.incidents.joined(separator: "; "))
            context["spent"] = news.spent
        case .budgetDigest(let digest):
            plain("from", digest.from)
            plain("to", digest.to)
            context["lines"] = digest.lines.map(RichValues.plain)
        case .roleBriefing(let change), .roleExecThread(let change):
            plain("user", change.user)
            plain("role", change.role)
            plain("actor", change.actor)
            context["selfAssigned"] = change.user == change.actor
            for role in IncidentRole.allCases where role.title == change.role {
                context["is" + role.rawValue.prefix(1).uppercased() + String(role.rawValue.dropFirst())] = true
            }
        case .shiftStarted:
            break
        case .handoff(let summary):
            handoff(summary, into: &context, rich: &rich)
        case .alerts(let news):
            plain("source", news.source)
            context[news.event.rawValue] = true
            context["lines"] = news.lines.map { ["line": rich.placeholder(for: $0)] }
        case .checkInFollowUp(let followUp), .checkInFollowUpExecThread(let followUp):
            context["responders"] = followUp.responders.map(RichValues.plain)
            context["groupHandles"] = followUp.groupHandles.map(RichValues.plain)
            plain("target", followUp.target)
            plain("elapsed", followUp.elapsed)
        case .channelArchiving(let notice):
            plain("after", notice.after)
        }
        return context
    }
}

extension TemplateRenderer {
    /// The handoff summary under the names `handoff.mustache` reads: each list with a flag for "none".
    static func handoff(_ summary: HandoffSummary, into context: inout [String: Any], rich: inout RichValues) {
        func incident(_ line: HandoffSummary.IncidentLine) -> [String: Any] {
            var values: [String: Any] = [
                "number": line.number, "title": RichValues.plain(line.title), "severity": line.severity, "state": line.state,
                "commander": line.commander,
            ]
            if let channel = line.channel { values["incidentChannelID"] = channel.id }
            return values
        }
        context["shift"] = summary.shift
        context["from"] = summary.from
        context["to"] = summary.to
        context["startedAt"] = summary.startedAt
        context["endedAt"] = summary.endedAt
        context["duration"] = summary.duration
        context["activeIncidents"] = summary.activeIncidents.map(incident)
        context["hasActiveIncidents"] = !summary.activeIncidents.isEmpty
        if summary.moreActiveIncidents > 0 { context["moreActiveIncidents"] = summary.moreActiveIncidents }
        context["declaredDuringShift"] = summary.declaredDuringShift.map(incident)
        context["hasDeclaredDuringShift"] = !summary.declaredDuringShift.isEmpty
        if summary.moreDeclaredDuringShift > 0 { context["moreDeclaredDuringShift"] = summary.moreDeclaredDuringShift }
        context["openActions"] = summary.openActions.map { item -> [String: Any] in
            var values: [String: Any] = [
                "id": item.id, "incidentNumber": item.incidentNumber, "owner": item.owner, "text": RichValues.plain(item.text),
                "onShift": item.incidentNumber == summary.shift,
            ]
            if let due = item.due { values["due"] = due }
            return values
        }
        context["hasOpenActions"] = !summary.openActions.isEmpty
        if summary.moreOpenActions > 0 { context["moreOpenActions"] = summary.moreOpenActions }
        context["timeline"] = summary.timeline.map { line -> [String: Any] in
            ["time": line.time, "kind": line.kind, "text": rich.placeholder(for: line.text)]
        }
        context["hasTimeline"] = !summary.timeline.isEmpty
        if summary.earlierTimelineEntries > 0 { context["earlierTimelineEntries"] = summary.earlierTimelineEntries }
    }
}
