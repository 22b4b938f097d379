import Foundation
import Logging
import TocsinCore

/// Action items and the postmortem draft.
extension IncidentService {
    func addAction(_ action: ActionRequest, request: SlashCommandRequest) async throws(StoreError) -> CommandReply {
        guard let incident = try await store.incident(channelID: request.channelID) else { return notInIncidentChannel("action") }
        let planner = IncidentPlanner(configuration: configuration)
        let at = now()
        let added = try await store.addActionItem(incident: incident.number, at: at, requestID: request.requestID, { current, id in
            planner.addAction(action, id: id, by: request.userID, in: current, now: at)
        })
        if case .repeated(let earlier) = added { return alreadyDone(incident: earlier ?? incident.number) }
        guard let item = added.value ?? nil else {
            return notInIncidentChannel("action")
        }
        delivery.wake()
        logger.info("action item recorded", metadata: ["incident_id": "\(incident.number)", "action_item": "\(item.id)"])
        return .ephemeral("Recorded action item #\(item.id) for \(user: item.owner)\(item.due.map { ", due \($0)" } ?? "").")
    }

    /// The reads behind the follow-up subcommands, shared with the CLI.
    var reports: IncidentReports {
        IncidentReports(store: store, configuration: configuration, now: now)
    }

    func followUp(_ command: IncidentCommand, request: SlashCommandRequest) async throws(StoreError) -> CommandReply {
        let reports = self.reports
        let today = reports.today
        switch command {
        case .followups:
            let open = try await reports.openActionItems()
            guard !open.isEmpty else { return .ephemeral("No open action items. Nice.") }
            var text: RichText = "\(strong: "Open action items (\(open.count))"), overdue first"
            for item in open {
                let overdue: RichText = item.isOverdue(today: today) ? "\(strong: "overdue") " : ""
                text.append("\n• \(overdue)#\(item.id) (incident #\(item.incidentNumber)) \(user: item.owner): \(item.text)\(item.due.map { " — due \($0)" } ?? "")")
            }
            return .ephemeral(text)
        case .actions:
            guard let incident = try await store.incident(channelID: request.channelID) else { return notInIncidentChannel("actions") }
            let items = try await reports.actionItems(of: incident)
            guard !items.isEmpty else { return .ephemeral("#\(incident.number) has no action items yet: `\(catalog.command) action @owner <text> [due:YYYY-MM-DD]`.") }
            var text: RichText = "\(strong: "Action items of #\(incident.number)")"
            for item in items {
                text.append("\n• #\(item.id) [\(item.state.rawValue)\(item.isOverdue(today: today) ? ", overdue" : "")] \(user: item.owner): \(item.text)\(item.due.map { " — due \($0)" } ?? "")\(item.trackerKey.map { " — \($0)" } ?? "")")
            }
            return .ephemeral(text)
        default:
            guard let incident = try await store.incident(channelID: request.channelID) else { return notInIncidentChannel("postmortem") }
            let facts = try await reports.postmortem(incident)
            do {
                return .ephemeral(RichText(try renderer.renderPostmortem(facts)))
            } catch {
                logger.error("cannot render the postmortem", metadata: ["error": "\(error)"])
                return .ephemeral("I could not render the postmortem template; the operator's logs say why.")
            }
        }
    }

    /// The *Done* button of an action item: its owner or the incident's commander may press it.
    func completeAction(_ click: ButtonClick) async -> CommandReply? {
        guard let id = Int(click.value) else { return .ephemeral("That button does not name an action item.") }
        let planner = IncidentPlanner(configuration: configuration)
        let at = now()
        do {
            if let item = try await store.actionItem(id: id), let refusal = try await buttonRefusal(click, names: item.incidentNumber, label: "Done") {
                return refusal
            }
            let outcome = try await store.completeActionItem(id: id, at: at) { item, incident in
                guard click.userID == item.owner || click.userID == incident.commander else { return nil }
                return planner.completeAction(item, by: click.userID, in: incident, now: at)
            }
            switch outcome {
            case .done(let item):
                delivery.wake()
                logger.info("action item done", metadata: ["incident_id": "\(item.incidentNumber)", "action_item": "\(item.id)"])
                return .ephemeral("Action item #\(item.id) is done.")
            case .alreadyDone(let item):
                return .ephemeral("Action item #\(item.id) was already done.")
            case .notAllowed(let item):
                return .ephemeral("Only \(user: item.owner) (the owner) or the incident commander can mark action item #\(item.id) done.")
            case .noSuchItem:
                return .ephemeral("There is no action item #\(id).")
            }
        } catch {
            logger.error("cannot complete an action item", metadata: ["error": "\(error)"])
            return .ephemeral("I could not record that because my database is unavailable; press the button again in a minute.")
        }
    }
}
