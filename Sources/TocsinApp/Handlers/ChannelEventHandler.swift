import Foundation
import Logging
import TocsinCore

/// Something people did in a channel. In an incident channel it feeds the transcript and the timeline; in
/// an executive thread it is a question for the comms lead; a mention of the bot is answered in its thread.
/// Retried and duplicate deliveries (the same event id) are ignored.
struct ChannelEventHandler: Sendable {
    let context: HandlerContext
    let wording: ReplyWording
    /// The answer to a mention goes out after the event is acknowledged.
    let replies: DeferredReplies
    let renderer: any MessageRenderer
    /// Points an executive who joins an incident channel at its executive thread.
    let nudges: ExecutiveNudges

    func handle(_ event: ChannelEvent) async {
        var logger = context.logger
        logger[metadataKey: "event_id"] = "\(event.eventID)"
        do {
            guard try await context.store.recordInboundEvent(id: event.eventID, at: context.now()) else {
                logger.debug("duplicate event ignored")
                return
            }
            let incident = try await context.store.incident(channelID: event.channelID)
            if case .memberJoined(let userID) = event.activity {
                if let incident { nudges.joined(userID, incident: incident, channelID: event.channelID, replies: replies) }
            } else if case .mention(let message) = event.activity {
                let answer = try await mentionAnswer(message, channelID: event.channelID, incident: incident)
                replies.post(OutgoingMessage(text: renderer.encode(wording.text(answer)), threadTS: message.threadTS ?? message.ts), channelID: event.channelID)
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
        let planner = context.planner
        let store = context.store
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
        case .mention, .memberJoined:
            return
        case .reaction(let ts, let name, let userID, let added):
            guard name == context.configuration.capture.emoji else { return }
            let message = try await store.message(ts: ts, incident: incident.number)
            decide = { added ? planner.captureMarked(ts, message: message, by: userID, source: .reaction, in: $0) : planner.releaseMarked(ts, source: .reaction, in: $0) }
        case .pin(let ts, let userID, let added):
            let message = try await store.message(ts: ts, incident: incident.number)
            decide = { added ? planner.captureMarked(ts, message: message, by: userID, source: .pin, in: $0) : planner.releaseMarked(ts, source: .pin, in: $0) }
        }
        let outcome = try await store.updateIncident(number: incident.number, at: context.now()) { current -> Result<Decision, NothingToCapture> in
            decide(current).map { .success($0) } ?? .failure(NothingToCapture())
        }
        if case .success(let decision)? = outcome {
            if !decision.effects.isEmpty { context.delivery.wake() }
            logger.info("captured into the timeline", metadata: ["entries": "\(decision.timeline.count)", "removed": "\(decision.removedFromTimeline.count)"])
        }
    }

    /// A reply in an incident's executive thread, relayed into the incident channel for the comms lead (or commander).
    private func relayQuestion(_ message: ChannelMessage, thread: String, channelID: String, logger: Logger) async throws(StoreError) {
        guard let incident = try await context.store.incident(rootMessageTS: thread, channelID: channelID),
              let root = incident.toldChannels.first(where: { $0.ring == .executives }) else { return }
        let planner = context.planner
        let at = context.now()
        let outcome = try await context.store.updateIncident(number: incident.number, at: at) { current -> Result<Decision, LifecycleError> in
            .success(planner.relayQuestion(current, from: message.user, text: message.text, inChannel: root.name, now: at))
        }
        if case .success? = outcome {
            context.delivery.wake()
            logger.info("relayed a question from the executive thread", metadata: ["incident_id": "\(incident.number)"])
        }
    }

    /// Someone mentioned the bot: where the incident stands inside its channel, a word that the question was
    /// passed on in an incident's executive thread, or a pointer to the command anywhere else.
    func mentionAnswer(_ message: ChannelMessage, channelID: String, incident: Incident?) async throws(StoreError) -> ReplyIntent {
        if incident == nil, let thread = message.threadTS, let asked = try await context.store.incident(rootMessageTS: thread, channelID: channelID) {
            // The message itself is relayed as a question; say so instead of pointing at the command.
            return .mentionPassedOn(incident: asked.number, communicator: asked.communicator)
        }
        if let incident {
            return .mentionStatus(incident, age: context.planner.view(of: incident, now: context.now()).age)
        }
        return .mentionElsewhere
    }

    /// The event adds nothing to the timeline (no evidence link, no file).
    struct NothingToCapture: Error {}
}
