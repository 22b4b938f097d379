import Foundation
import Logging
import TocsinCore

/// The read-only subcommands: the active incidents (`list`), an incident's rings, its timeline and its
/// postmortem draft.
struct ReportHandler: Sendable {
    let context: HandlerContext
    let renderer: any MessageRenderer

    func activeIncidents() async throws(StoreError) -> ReplyIntent {
        .activeIncidents(try await context.store.activeIncidents())
    }

    func rings(of incident: Incident) -> ReplyIntent {
        let preview = context.planner.preview(service: incident.service, severity: incident.severity)
        return .rings(incident: incident.number, preview: preview, told: incident.toldChannels.map(\.name))
    }

    func timeline(of incident: Incident, page: Int) async throws(StoreError) -> ReplyIntent {
        .timeline(page: page, of: incident, entries: try await context.store.timeline(incident: incident.number))
    }

    func postmortem(of incident: Incident) async throws(StoreError) -> ReplyIntent {
        do {
            return .postmortem(try await postmortemDraft(incident))
        } catch let error as RenderError {
            context.logger.error("cannot render the postmortem", metadata: ["error": "\(error)"])
            return .postmortemUnrenderable
        } catch let error as StoreError {
            throw error
        } catch {
            throw .unavailable("\(error)")
        }
    }

    /// The postmortem draft of an incident, rendered from its record and the deployment's template.
    func postmortemDraft(_ incident: Incident) async throws -> String {
        let store = context.store
        let timeline = try await store.timeline(incident: incident.number)
        let checkIns = try await store.checkIns(incident: incident.number).map { (userID: $0.userID, at: $0.at) }
        let actions = try await store.actionItems(incident: incident.number)
        let survey = try await store.surveyResponses(incident: incident.number)
        let facts = context.planner.postmortem(incident, timeline: timeline, checkIns: checkIns, actions: actions, survey: survey, now: context.now())
        return try renderer.renderPostmortem(facts)
    }
}
