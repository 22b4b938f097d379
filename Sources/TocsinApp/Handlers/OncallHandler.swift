import Foundation
import Logging
import TocsinCore

/// `/incident oncall start` and `/incident oncall handoff @next`: a person's on-call shift, kept as an incident
/// record of kind on-call (see ``IncidentKind``), and its handoff summary to the next person.
struct OncallHandler: Sendable {
    let context: HandlerContext

    /// Opens the invoker's shift, unless one of theirs is open (then says where it is).
    func start(request: SlashCommandRequest) async throws(StoreError) -> ReplyIntent {
        let owner = request.userID
        if let open = try await openShift(of: owner) {
            return .oncallRefused(.shiftAlreadyOpen(number: open.number, channelID: open.channel?.id))
        }
        let planner = context.planner
        let startedAt = context.now()
        let decided = try await context.store.declareIncident(requestID: request.requestID) { number in
            planner.startShift(number: number, owner: owner, now: startedAt)
        }
        if decided.isRepeat { return .alreadyDone(incident: decided.incident.number) }
        context.delivery.wake()
        context.logger.notice("on-call shift started", metadata: [
            "incident_id": "\(decided.incident.number)", "team_id": "\(request.teamID)", "user_id": "\(owner)",
        ])
        return .shiftStarted(number: decided.incident.number)
    }

    /// Closes the shift of the channel it is typed in, or else the invoker's open shift, and hands it to `next`.
    func handOff(to next: String, request: SlashCommandRequest) async throws(StoreError) -> ReplyIntent {
        let shift: Incident
        if let here = try await context.store.incident(channelID: request.channelID), here.isOncallShift {
            guard here.state.isActive else { return .oncallRefused(.shiftEnded(number: here.number)) }
            shift = here
        } else if let open = try await openShift(of: request.userID) {
            shift = open
        } else {
            return .oncallRefused(.noOpenShift)
        }
        guard next != shift.commander else { return .oncallRefused(.handoffToSelf) }
        let now = context.now()
        let summary = context.planner.handoffSummary(
            of: shift, to: next, timeline: try await context.store.timeline(incident: shift.number),
            incidents: try await incidentsThatMatter(since: shift), actions: try await context.store.actionItems(incident: nil), now: now
        )
        let planner = context.planner
        let actor = request.userID
        let outcome = try await context.store.updateIncident(number: shift.number, at: now, requestID: request.requestID) { current in
            planner.handOff(current, summary: summary, by: actor, now: now)
        }
        switch outcome {
        case .repeated(let number):
            return .alreadyDone(incident: number ?? shift.number)
        case .done(nil):
            return .oncallRefused(.noOpenShift)
        case .done(.failure(let error)?):
            return .oncallRefused(error)
        case .done(.success(_)?):
            context.delivery.wake()
            context.logger.notice("on-call shift handed over", metadata: [
                "incident_id": "\(shift.number)", "team_id": "\(request.teamID)", "user_id": "\(actor)", "next": "\(next)",
                "active_incidents": "\(summary.activeIncidents.count + summary.moreActiveIncidents)",
                "open_actions": "\(summary.openActions.count + summary.moreOpenActions)",
            ])
            return .handedOver(shift: shift.number, to: next)
        }
    }

    /// The open shift `owner` holds, if any.
    private func openShift(of owner: String) async throws(StoreError) -> Incident? {
        try await context.store.activeIncidents().first { $0.isOncallShift && $0.commander == owner }
    }

    /// The incidents active now and those declared since the shift began: numbers grow with time, so those
    /// are the active ones and every number after the shift's.
    private func incidentsThatMatter(since shift: Incident) async throws(StoreError) -> [Incident] {
        var incidents = try await context.store.activeIncidents()
        let known = Set(incidents.map(\.number))
        for number in try await context.store.incidentNumbers() where number > shift.number && !known.contains(number) {
            if let incident = try await context.store.incident(number: number) { incidents.append(incident) }
        }
        return incidents
    }
}
