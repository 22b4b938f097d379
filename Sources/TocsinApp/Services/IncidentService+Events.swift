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
            let incident = try await store.incident(channelID: event.channelID)
            if case .mention(let message) = event.activity {
                try await answerMention(message, channelID: event.channelID, incident: incident)
            } else if let incident {
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
        case .messageEdited(let message):
            // The transcript keeps the text as edited; a link edited in is evidence like one posted.
            try await store.recordEditedMessage(message, incident: incident.number)
            decide = { planner.capture(message, in: $0) }
        case .messageDeleted(let ts):
            // Kept: what was said during the incident stays in the transcript and the timeline for the
            // postmortem, even once Slack no longer shows it.
            logger.info("a message was deleted in the channel; the transcript and the timeline keep it", metadata: ["ts": "\(ts)"])
            return
        case .mention:
            return
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

    /// Someone mentioned the bot: a thread reply with the incident's status inside its channel, a word that
    /// the question was passed on in an incident's executive thread, or a pointer to the command anywhere else.
    private func answerMention(_ message: ChannelMessage, channelID: String, incident: Incident?) async throws(StoreError) {
        let command = catalog.command
        let text: RichText
        if incident == nil, let thread = message.threadTS, let asked = try await store.incident(rootMessageTS: thread, channelID: channelID) {
            // The message itself is relayed as a question; say so instead of pointing at the command.
            text = "I passed this on to \(user: asked.communicator) in the channel of #\(asked.number); the answer will come in this thread."
        } else if let incident {
            let view = IncidentPlanner(configuration: configuration).view(of: incident, now: now())
            let latest: RichText = incident.latestStatus.map { " Latest: \($0)" } ?? " No status update yet."
            text = "#\(incident.number) \(strong: incident.severity) \(incident.title) is \(incident.state.rawValue), "
                + "open for \(view.age), commander \(user: incident.commander).\(latest) `\(command) help` lists what I can do here."
        } else {
            text = "I run incidents through `\(command)`: `\(command) declare` opens one, and `\(command) help` lists everything I can do."
        }
        replies.post(OutgoingMessage(text: renderer.encode(text), threadTS: message.threadTS ?? message.ts), channelID: channelID)
    }

    /// The event adds nothing to the timeline (no evidence link, no file).
    struct NothingToCapture: Error {}
}
