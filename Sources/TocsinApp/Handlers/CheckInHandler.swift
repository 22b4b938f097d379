import Foundation
import Logging
import TocsinCore

/// Check-ins, typed (`/incident checkin`) or clicked (the *Check in* button): the first one sets the time to action.
struct CheckInHandler: Sendable {
    let context: HandlerContext
    let permissions: PermissionGate

    /// The action id of the *Check in* button.
    static let buttonID = MessageButton.checkInActionID

    /// `/incident checkin` in the incident's channel.
    func checkIn(_ incident: Incident, request: SlashCommandRequest) async throws(StoreError) -> ReplyIntent {
        try await checkIn(incident: incident.number, userID: request.userID, requestID: request.requestID)
    }

    /// The *Check in* button: it must be clicked in the channel of the incident it names.
    func click(_ click: ButtonClick) async -> ReplyIntent {
        guard let number = Int(click.value) else { return .checkInButtonNamesNoIncident }
        do {
            if let refusal = try await permissions.buttonRefusal(click, names: number, label: "Check in") { return refusal }
            return try await checkIn(incident: number, userID: click.userID, requestID: nil)
        } catch {
            context.logger.error("check-in failed", metadata: ["error": "\(error)"])
            return .storeUnavailable(.checkInClick)
        }
    }

    private func checkIn(incident number: Int, userID: String, requestID: String?) async throws(StoreError) -> ReplyIntent {
        guard let incident = try await context.store.incident(number: number) else { return .noSuchIncident(number) }
        if case .refused(let refusal) = context.permissions.may(.checkIn, user: userID, in: incident, context: PermissionContext()) {
            return permissions.refuse(refusal, user: userID, incident: number)
        }
        let planner = context.planner
        let at = context.now()
        // When they were invited, so someone paged in later hears their own time to action.
        let invitedAt = InvitedUsers.invitations(in: try await context.store.outboxEntries(incident: number))[userID]
        let outcome: CheckInOutcome
        switch try await context.store.recordCheckIn(incident: number, userID: userID, at: at, requestID: requestID, { incident, isFirst in
            planner.checkIn(incident, userID: userID, isFirst: isFirst, now: at, invitedAt: invitedAt)
        }) {
        case .done(let done): outcome = done
        case .repeated(let earlier): return .alreadyDone(incident: earlier ?? number)
        }
        switch outcome {
        case .recorded:
            context.delivery.wake()
            if (try? await context.store.checkIns(incident: number).count) == 1 { IncidentMetrics.recordTimeToAction(incident, now: at) }
            context.logger.info("checked in", metadata: ["incident_id": "\(number)", "user_id": "\(userID)"])
            return .checkedIn(incident: number)
        case .alreadyCheckedIn(let at):
            return .alreadyCheckedIn(incident: number, at: at)
        case .noSuchIncident:
            return .noSuchIncident(number)
        }
    }
}
