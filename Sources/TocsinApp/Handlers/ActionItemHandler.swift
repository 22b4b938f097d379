import Foundation
import Logging
import TocsinCore

/// Follow-up action items: recording one (`action`), listing an incident's (`actions`) or every open one
/// (`followups`), and the *Done* button that closes one.
struct ActionItemHandler: Sendable {
    let context: HandlerContext
    let permissions: PermissionGate

    /// The action id of an action item's *Done* button.
    static let doneButtonID = MessageButton.actionDoneActionID

    func add(_ action: ActionRequest, to incident: Incident, request: SlashCommandRequest) async throws(StoreError) -> ReplyIntent {
        let planner = context.planner
        let at = context.now()
        let user = request.userID
        let added = try await context.store.addActionItem(incident: incident.number, at: at, requestID: request.requestID, { current, id in
            planner.addAction(action, id: id, by: user, in: current, now: at)
        })
        if case .repeated(let earlier) = added { return .alreadyDone(incident: earlier ?? incident.number) }
        guard let item = added.value ?? nil else {
            // The incident went away between reading it and adding to it.
            return .notInIncidentChannel(subcommand: "action")
        }
        context.delivery.wake()
        context.logger.info("action item recorded", metadata: ["incident_id": "\(incident.number)", "action_item": "\(item.id)"])
        return .actionRecorded(item)
    }

    /// `actions`: the incident's action items with their state.
    func list(of incident: Incident) async throws(StoreError) -> ReplyIntent {
        .actionItems(incident: incident.number, items: try await context.reports.actionItems(of: incident), today: context.reports.today)
    }

    /// `followups`: every open action item across incidents, overdue first.
    func followUps() async throws(StoreError) -> ReplyIntent {
        .openActionItems(try await context.reports.openActionItems(), today: context.reports.today)
    }

    /// The *Done* button of an action item: its owner or the incident's commander may press it.
    func complete(_ click: ButtonClick) async -> ReplyIntent {
        guard let id = Int(click.value) else { return .doneButtonNamesNoItem }
        let planner = context.planner
        let at = context.now()
        do {
            if let item = try await context.store.actionItem(id: id),
               let refusal = try await permissions.buttonRefusal(click, names: item.incidentNumber, label: "Done") {
                return refusal
            }
            let outcome = try await context.store.completeActionItem(id: id, at: at) { item, incident in
                guard click.userID == item.owner || click.userID == incident.commander else { return nil }
                return planner.completeAction(item, by: click.userID, in: incident, now: at)
            }
            switch outcome {
            case .done(let item):
                context.delivery.wake()
                context.logger.info("action item done", metadata: ["incident_id": "\(item.incidentNumber)", "action_item": "\(item.id)"])
                return .actionDone(id: item.id)
            case .alreadyDone(let item):
                return .actionAlreadyDone(id: item.id)
            case .notAllowed(let item):
                return .actionNotYours(item)
            case .noSuchItem:
                return .noSuchActionItem(id: id)
            }
        } catch {
            context.logger.error("cannot complete an action item", metadata: ["error": "\(error)"])
            return .storeUnavailable(.doneClick)
        }
    }
}
