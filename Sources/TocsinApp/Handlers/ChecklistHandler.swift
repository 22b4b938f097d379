import Foundation
import Logging
import TocsinCore

/// A click on a checklist item of the welcome message: ticks it off into the timeline (who, when, which
/// item) and has the welcome redrawn with the item done, through the outbox like every other edit.
///
/// The welcome is edited with the chat platform's update call on the message Tocsin recorded when it posted
/// it (Slack: `chat.update` with the channel and the message `ts`, the way Slack's interactivity guide
/// describes changing a message after a `block_actions` click), not through the click's `response_url`: that
/// address lasts 30 minutes and 5 uses, while the outbox delivers the edit however late, and retries it.
struct ChecklistHandler: Sendable {
    let context: HandlerContext
    let permissions: PermissionGate

    /// Whether a click's action id is a checklist item's.
    static func owns(_ actionID: String) -> Bool {
        actionID.hasPrefix(MessageButton.checklistItemActionIDPrefix)
    }

    func click(_ click: ButtonClick) async -> ReplyIntent {
        let parts = click.value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count <= 9, let number = Int(parts[0]), number > 0, !parts[1].isEmpty else {
            return .checklistButtonNamesNoItem
        }
        let item = String(parts[1])
        do {
            if let refusal = try await permissions.buttonRefusal(click, names: number, label: item) { return refusal }
            return try await tick(item, incident: number, userID: click.userID)
        } catch {
            context.logger.error("checklist tick failed", metadata: ["error": "\(error)", "incident_id": "\(number)"])
            return .storeUnavailable(.doneClick)
        }
    }

    private func tick(_ item: String, incident number: Int, userID: String) async throws(StoreError) -> ReplyIntent {
        let timeline = try await context.store.timeline(incident: number)
        let planner = context.planner
        let at = context.now()
        let outcome = try await context.store.updateIncident(number: number, at: at) { current in
            planner.tick(item, on: current, by: userID, timeline: timeline, now: at)
        }
        switch outcome {
        case nil:
            return .noSuchIncident(number)
        case .failure(let error)?:
            context.logger.info("checklist tick refused", metadata: ["incident_id": "\(number)", "reason": "\(error.code)"])
            return .checklistRefused(error)
        case .success?:
            context.delivery.wake()
            context.logger.info("checklist item ticked off", metadata: ["incident_id": "\(number)", "user_id": "\(userID)"])
            return .checklistTicked(incident: number, item: item)
        }
    }
}
