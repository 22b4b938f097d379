import Foundation
import Logging
import TocsinCore

/// The error-budget subcommands: `impact`, which records a change to an incident's impact window as a
/// timeline entry, and `slo`, which reports the budgets (read through the query layer shared with the CLI).
struct BudgetHandler: Sendable {
    let context: HandlerContext

    func impact(_ request: ImpactRequest, of incident: Incident, command: SlashCommandRequest) async throws(StoreError) -> ReplyIntent {
        let planner = context.planner
        let at = context.now()
        let user = command.userID
        // The window the change is checked against; a change made meanwhile is a timeline entry the next command sees.
        let timeline = try await context.store.timeline(incident: incident.number)
        let outcome: Result<Decision, ImpactError>?
        switch try await context.store.updateIncident(number: incident.number, at: at, requestID: command.requestID, { current in
            planner.changeImpact(request, of: current, timeline: timeline, by: user, now: at)
        }) {
        case .done(let done): outcome = done
        case .repeated(let earlier): return .alreadyDone(incident: earlier ?? incident.number)
        }
        switch outcome {
        case .success(let decision)?:
            guard let change = decision.timeline.first.flatMap(ImpactChange.init) else { return .noted(incident: incident.number) }
            context.logger.notice("impact changed", metadata: ["incident_id": "\(incident.number)", "command": "impact", "user_id": "\(user)"])
            return .impactChanged(incident: incident.number, change: change)
        case .failure(let error)?:
            return .impactRefused(error)
        case nil:
            return .notInIncidentChannel(subcommand: "impact")
        }
    }

    func slo(service: String?) async throws(StoreError) -> ReplyIntent {
        .errorBudgets(try await context.reports.budgets(service: service), service: service)
    }
}
