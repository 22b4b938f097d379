import Foundation
import Logging
import TocsinCore

/// The read-only subcommands: the active incidents (`list`), an incident's rings, its timeline and its
/// postmortem draft (read through the query layer shared with the CLI).
struct ReportHandler: Sendable {
    let context: HandlerContext
    let renderer: any MessageRenderer

    func activeIncidents() async throws(StoreError) -> ReplyIntent {
        // Open on-call shifts are not incidents: `list` shows incidents only.
        .activeIncidents(try await context.store.activeIncidents().filter { !$0.isOncallShift })
    }

    func rings(of incident: Incident) -> ReplyIntent {
        .rings(incident: incident.number, preview: context.reports.ringsPreview(of: incident), told: incident.toldChannels.map(\.name))
    }

    func timeline(of incident: Incident, page: Int) async throws(StoreError) -> ReplyIntent {
        .timeline(page: page, of: incident, entries: try await context.store.timeline(incident: incident.number))
    }

    func postmortem(of incident: Incident) async throws(StoreError) -> ReplyIntent {
        let facts = try await context.reports.postmortem(incident)
        do {
            return .postmortem(try renderer.renderPostmortem(facts))
        } catch {
            context.logger.error("cannot render the postmortem", metadata: ["error": "\(error)"])
            return .postmortemUnrenderable
        }
    }
}
