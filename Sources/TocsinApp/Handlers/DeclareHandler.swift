import Foundation
import Logging
import TocsinCore

/// `/incident declare`: numbers the incident, stores it with the chat work it implies, and says what happens next.
struct DeclareHandler: Sendable {
    let context: HandlerContext

    init(context: HandlerContext) {
        self.context = context
    }

    func declare(_ declaration: IncidentDeclaration, request: SlashCommandRequest) async throws(StoreError) -> ReplyIntent {
        try await declare(declaration, userID: request.userID, teamID: request.teamID, requestID: request.requestID)
    }

    /// Declares for `userID`, however it was asked (a command line or the declare form); a `requestID` seen
    /// before declares nothing new.
    func declare(_ declaration: IncidentDeclaration, userID: String, teamID: String, requestID: String?) async throws(StoreError) -> ReplyIntent {
        let planner = context.planner
        let declaredAt = context.now()
        // Slack gives every invocation its own trigger_id: a retried request declares nothing new.
        let decided = try await context.store.declareIncident(requestID: requestID) { number in
            planner.declare(declaration, number: number, userID: userID, now: declaredAt)
        }
        if decided.isRepeat {
            return .alreadyDeclared(incident: decided.incident.number)
        }
        let incident = decided.incident
        // A drill is practice: the declared-incidents metric counts real incidents only, as the KPIs do.
        if !incident.isDrill { IncidentMetrics.declared(severity: incident.severity.rawValue) }
        context.delivery.wake()
        // The metadata goes with the line, not onto a copy of the logger: a handler may format its whole
        // metadata on every key set (swift-log's stream handler does), even when the line is not written.
        context.logger.notice("incident declared", metadata: [
            "incident_id": "\(incident.number)", "team_id": "\(teamID)", "user_id": "\(userID)",
            "severity": "\(incident.severity)", "service": "\(incident.service ?? "-")", "drill": "\(incident.isDrill)",
        ])
        return .declared(decided)
    }
}
