import Foundation
import Logging
import TocsinCore

/// `/incident link <number>` and `/incident unlink <number>`: links this incident to another by hand, or
/// removes a link. The change is recorded on this incident (timeline entry, message in its channel) with the
/// work of recording it on the other one (``RelatedWork/mirror(incident:news:keySuffix:)``), in one transaction.
struct LinkHandler: Sendable {
    let context: HandlerContext

    func link(_ number: Int, from incident: Incident, request: SlashCommandRequest) async throws(StoreError) -> ReplyIntent {
        try await change(linking: true, other: number, of: incident, request: request)
    }

    func unlink(_ number: Int, from incident: Incident, request: SlashCommandRequest) async throws(StoreError) -> ReplyIntent {
        try await change(linking: false, other: number, of: incident, request: request)
    }

    private func change(linking: Bool, other number: Int, of incident: Incident, request: SlashCommandRequest) async throws(StoreError) -> ReplyIntent {
        let subcommand = linking ? "link" : "unlink"
        guard number != incident.number else { return .linkRefused(.itself(number)) }
        guard let other = try await context.store.incident(number: number) else { return .linkRefused(.noSuchIncident(number)) }
        let linked = RelatedIncidents.links(in: try await context.store.timeline(incident: incident.number))
        let planner = context.planner
        let at = context.now()
        let user = request.userID
        let outcome = try await context.store.updateIncident(number: incident.number, at: at, requestID: request.requestID) { current in
            linking
                ? planner.link(current, to: other, linked: linked, by: user, now: at)
                : planner.unlink(current, from: other, linked: linked, by: user, now: at)
        }
        switch outcome {
        case .repeated(let earlier):
            return .alreadyDone(incident: earlier ?? incident.number)
        case .done(nil):
            return .notInIncidentChannel(subcommand: subcommand)
        case .done(.failure(let error)?):
            context.logger.info("link refused", metadata: ["incident_id": "\(incident.number)", "command": "\(subcommand)", "reason": "\(error.code)"])
            return .linkRefused(error)
        case .done(.success?):
            context.delivery.wake()
            context.logger.notice("incident changed", metadata: [
                "incident_id": "\(incident.number)", "command": "\(subcommand)", "user_id": "\(user)", "related_incident": "\(number)",
            ])
            return linking ? .linked(incident: incident.number, other: number) : .unlinked(incident: incident.number, other: number)
        }
    }
}
