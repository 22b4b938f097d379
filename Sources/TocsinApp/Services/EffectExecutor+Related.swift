import Foundation
import TocsinCore

/// Related incidents, carried out by delivery because they touch another incident than the one the work is
/// stored with: finding the active incidents related to one just declared, and recording a link made by hand
/// on its other end. Each write names a request id, so an attempt repeated after a crash or a store error
/// records nothing twice.
extension EffectExecutor {
    func relate(_ work: RelatedWork, incident: Incident, entry: Int64) async throws(Failure) {
        let planner = IncidentPlanner(configuration: configuration)
        switch work {
        case .detect:
            try await detectRelated(to: incident, planner: planner)
        case .mirror(let number, let news, let suffix):
            let at = now()
            _ = try await wrap { () async throws(StoreError) in
                try await store.updateIncident(number: number, at: at, requestID: "outbox-\(entry)-link") { current -> Result<Decision, Never> in
                    .success(planner.recordLink(news, on: current, keySuffix: suffix, now: at))
                }
            }
        }
    }

    /// Cross-links `incident` with the most recent active incidents related to it through the service catalog
    /// (``RelatedIncidents/automaticLimit``): one "possibly related" message and timeline entry in each. Both ends of a pair are recorded once, whichever
    /// of the two incidents' detections finds the other first (two incidents declared at once find each other).
    private func detectRelated(to incident: Incident, planner: IncidentPlanner) async throws(Failure) {
        guard RelatedIncidents.isCandidate(incident), let service = incident.service else { return }
        let graph = ServiceGraph(services: configuration.services)
        let linked = RelatedIncidents.links(in: try await wrap { () async throws(StoreError) in try await store.timeline(incident: incident.number) })
        // An incident whose channel is not open yet is left to its own detection, which runs once it is and
        // finds this one: so both messages can name both channels. The newest few are enough, even after
        // the ones already linked are left out.
        let candidates = try await wrap { () async throws(StoreError) in
            try await store.latestActiveIncidents(
                onServices: graph.relatedServices(to: service), isDrill: incident.isDrill, excluding: incident.number,
                limit: RelatedIncidents.automaticLimit + linked.count
            )
        }
        let matches = RelatedIncidents.find(for: incident, among: candidates, graph: graph)
        let open = matches.filter { !linked.contains($0.incident.number) && $0.incident.channel != nil }
        for match in RelatedIncidents.automaticLinks(open) {
            let pair = "related-\(min(incident.number, match.incident.number))-\(max(incident.number, match.incident.number))"
            try await recordSuspected(on: incident.number, other: match.incident, path: match.path, requestID: "\(pair)@\(incident.number)", planner: planner)
            try await recordSuspected(on: match.incident.number, other: incident, path: match.path, requestID: "\(pair)@\(match.incident.number)", planner: planner)
            logger.notice("incidents possibly related", metadata: [
                "incident_id": "\(incident.number)", "related_incident": "\(match.incident.number)", "path": "\(match.path.text)",
            ])
        }
    }

    /// Records on incident `number` that `other` is possibly related, unless it ended since it was read.
    private func recordSuspected(on number: Int, other: Incident, path: DependencyPath, requestID: String, planner: IncidentPlanner) async throws(Failure) {
        let at = now()
        let news = IncidentLinkNews(change: .suspected, other: LinkedIncident(other), path: path)
        _ = try await wrap { () async throws(StoreError) in
            try await store.updateIncident(number: number, at: at, requestID: requestID) { current -> Result<Decision, RelatedSkipped> in
                guard RelatedIncidents.isCandidate(current) else { return .failure(RelatedSkipped()) }
                return .success(planner.recordLink(news, on: current, keySuffix: "auto", now: at))
            }
        }
    }
}

/// An incident that ended between being found related and the link being recorded on it: nothing is recorded.
struct RelatedSkipped: Error, Sendable {}
