import Foundation
import Logging
import TocsinCore

extension IncidentService {
    /// Something people did in a channel. In an incident channel it feeds the transcript and the
    /// timeline; in an executive thread it is a question for the comms lead. Retried and duplicate
    /// deliveries (the same `event_id`) are ignored.
    public func handle(_ event: ChannelEvent) async {
        var logger = self.logger
        logger[metadataKey: "event_id"] = "\(event.eventID)"
        do {
            guard try await store.recordInboundEvent(id: event.eventID, at: now()) else {
                logger.debug("duplicate event ignored")
                return
            }
            if let incident = try await store.incident(channelID: event.channelID) {
                logger[metadataKey: "incident_id"] = "\(incident.number)"
                try await capture(event.activity, in: incident, logger: logger)
            } else if case .message(let message) = event.activity, let thread = message.threadTS {
                try await relayQuestion(message, thread: thread, channelID: event.channelID, logger: logger)
            }
        } catch {
            logger.error("cannot record a channel event", metadata: ["error": "\(error)"])
        }
    }

    private func capture(_ activity: ChannelEvent.Activity, in incident: Incident, logger: Logger) async throws(StoreError) {
        let planner = IncidentPlanner(configuration: configuration)
        let decide: (@Sendable (Incident) -> Decision?)
        switch activity {
        case .message(let message):
            try await store.recordMessage(message, incident: incident.number)
            decide = { planner.capture(message, in: $0) }
        case .reaction(let ts, let name, let userID, let added):
            guard name == configuration.capture.emoji else { return }
            let message = try await store.message(ts: ts, incident: incident.number)
            decide = { added ? planner.captureMarked(ts, message: message, by: userID, source: .reaction, in: $0) : planner.releaseMarked(ts, source: .reaction, in: $0) }
        case .pin(let ts, let userID, let added):
            let message = try await store.message(ts: ts, incident: incident.number)
            decide = { added ? planner.captureMarked(ts, message: message, by: userID, source: .pin, in: $0) : planner.releaseMarked(ts, source: .pin, in: $0) }
        }
        let outcome = try await store.updateIncident(number: incident.number, at: now()) { current -> Result<Decision, NothingToCapture> in
            decide(current).map { .success($0) } ?? .failure(NothingToCapture())
        }
        if case .success(let decision)? = outcome {
            if !decision.effects.isEmpty { delivery.wake() }
            logger.info("captured into the timeline", metadata: ["entries": "\(decision.timeline.count)", "removed": "\(decision.removedFromTimeline.count)"])
        }
    }

    /// A reply in an incident's executive thread, relayed into the incident channel for the comms lead (or commander).
    private func relayQuestion(_ message: ChannelMessage, thread: String, channelID: String, logger: Logger) async throws(StoreError) {
        guard let incident = try await store.incident(rootMessageTS: thread, channelID: channelID),
              let root = incident.toldChannels.first(where: { $0.ring == .executives }) else { return }
        let planner = IncidentPlanner(configuration: configuration)
        let at = now()
        let outcome = try await store.updateIncident(number: incident.number, at: at) { current -> Result<Decision, LifecycleError> in
            .success(planner.relayQuestion(current, from: message.user, text: message.text, inChannel: root.name, now: at))
        }
        if case .success? = outcome {
            delivery.wake()
            logger.info("relayed a question from the executive thread", metadata: ["incident_id": "\(incident.number)"])
        }
    }

    /// The event adds nothing to the timeline (no evidence link, no file).
    struct NothingToCapture: Error {}
}
