import Foundation
import TocsinCore

/// Paging a service's on-call people through the configured on-call service, once per incident: the dedup key
/// is the incident, so a retried trigger is one alert there, and the timeline records each service paged so that
/// resolving the incident resolves exactly those pages.
extension EffectExecutor {
    func page(_ request: PageRequest, incident: Incident) async throws(Failure) {
        guard let pager else { throw .impossible("no pager is configured") }
        switch request.action {
        case .trigger:
            guard let name = request.service, let service = configuration.service(named: name), let target = service.pager else {
                throw .impossible("the service \(request.service ?? "-") has no pager configured")
            }
            try await send(pager, event(.trigger, service: service.name, target: target, incident: incident))
            let entry = TimelineEntry(
                at: now(), kind: .page, actor: nil, text: "Paged the on-call of \(service.name) through \(target.name)",
                key: PageRequest.timelineKey(service: service.name)
            )
            _ = try await wrap { () async throws(StoreError) in
                try await store.updateIncident(number: incident.number, at: now()) { current -> Result<Decision, Never> in
                    .success(Decision(incident: current, effects: [], timeline: [entry]))
                }
            }
        case .resolve:
            let timeline = try await wrap { () async throws(StoreError) in try await store.timeline(incident: incident.number) }
            let paged = configuration.services.filter { service in
                service.pager != nil && timeline.contains { $0.key == PageRequest.timelineKey(service: service.name) }
            }
            for service in paged {
                guard let target = service.pager else { continue }
                try await send(pager, event(.resolve, service: service.name, target: target, incident: incident))
            }
        }
    }

    private func send(_ pager: any Pager, _ event: PageEvent) async throws(Failure) {
        do {
            try await pager.send(event)
        } catch {
            throw .pager(error)
        }
        logger.notice("page sent", metadata: [
            "incident_id": "\(event.dedupKey)", "service": "\(event.service)", "action": "\(event.action.rawValue)", "pager": "\(event.target.name)",
        ])
    }

    private func event(_ action: PageRequest.Action, service: String, target: PagerTarget, incident: Incident) -> PageEvent {
        let urgency: PageEvent.Urgency = switch configuration.rank(of: incident.severity) {
        case 0: .critical
        case 1: .error
        case 2: .warning
        default: .info
        }
        var links: [AlertLink] = []
        if let channel = incident.channel, let url = chat.channelURL(id: channel.id) {
            links.append(AlertLink(title: "Incident channel #\(channel.name)", url: url))
        }
        return PageEvent(
            action: action, service: service, target: target, dedupKey: "tocsin-incident-\(incident.number)",
            summary: "\(incident.severity) incident #\(incident.number) on \(service): \(incident.title)",
            urgency: urgency, source: "Tocsin", links: links
        )
    }
}
