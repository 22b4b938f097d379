import Foundation
import Logging
import TocsinCore

/// The error-budget subcommands: `impact`, which records a change to an incident's impact window as a
/// timeline entry, and `slo`, which reports the budgets (read through the query layer shared with the CLI).
struct BudgetHandler: Sendable {
    let context: HandlerContext
    let permissions: PermissionGate

    /// Why an impact change was not made: it contradicts the window, or the person may not make it.
    private enum Failure: Error, Sendable {
        case impact(ImpactError)
        case refused(PermissionRefusal)
    }

    func impact(_ request: ImpactRequest, of incident: Incident, command: SlashCommandRequest) async throws(StoreError) -> ReplyIntent {
        let user = command.userID
        // Those who may change the incident may move its impact window: it burns the service's budget.
        let found: PermissionContext
        switch try await permissions.check(.changeImpact, user: user, in: incident) {
        case .allowed(let context): found = context
        case .refused(let refusal): return permissions.refuse(refusal, user: user, incident: incident.number)
        }
        let planner = context.planner
        let rules = context.permissions
        let at = context.now()
        // The window the change is checked against; a change made meanwhile is a timeline entry the next command sees.
        let timeline = try await context.store.timeline(incident: incident.number)
        let outcome: Result<Decision, Failure>?
        switch try await context.store.updateIncident(number: incident.number, at: at, requestID: command.requestID, { current -> Result<Decision, Failure> in
            // Decided again on the incident as stored: its roles may have changed since it was read.
            if case .refused(let refusal) = rules.may(.changeImpact, user: user, in: current, context: found) { return .failure(.refused(refusal)) }
            return planner.changeImpact(request, of: current, timeline: timeline, by: user, now: at).mapError(Failure.impact)
        }) {
        case .done(let done): outcome = done
        case .repeated(let earlier): return .alreadyDone(incident: earlier ?? incident.number)
        }
        switch outcome {
        case .success(let decision)?:
            guard let change = decision.timeline.first.flatMap(ImpactChange.init) else { return .noted(incident: incident.number) }
            context.logger.notice("impact changed", metadata: ["incident_id": "\(incident.number)", "command": "impact", "user_id": "\(user)"])
            return .impactChanged(incident: incident.number, change: change)
        case .failure(.impact(let error))?:
            return .impactRefused(error)
        case .failure(.refused(let refusal))?:
            return permissions.refuse(refusal, user: user, incident: incident.number)
        case nil:
            return .notInIncidentChannel(subcommand: "impact")
        }
    }

    func slo(service: String?) async throws(StoreError) -> ReplyIntent {
        .errorBudgets(try await context.reports.budgets(service: service), service: service)
    }
}
