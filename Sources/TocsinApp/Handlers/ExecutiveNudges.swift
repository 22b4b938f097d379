import Foundation
import Logging
import TocsinCore

/// Keeps the war room small: an executive (`executives:` in the configuration) who joins an incident channel
/// is told, privately, where the incident is followed — its executive thread, where updates land and questions
/// reach the comms lead. The channel is not told, and nobody is kept out: a nudge, not a lock.
///
/// Once per person per incident, whichever process takes the join (the mark is kept in the inbound-event log).
/// The note is composed after the event is acknowledged, since finding who is in a user group and the thread's
/// address are calls to the platform.
struct ExecutiveNudges: Sendable {
    let context: HandlerContext
    let wording: ReplyWording
    let renderer: any MessageRenderer
    let chat: any ChatAPI
    let groups: GroupMembersCache

    /// The mark recording that `userID` was nudged in incident `number`.
    static func mark(incident number: Int, userID: String) -> String { "exec-nudge:\(number):\(userID)" }

    /// `userID` joined `incident`'s channel: queue the note if they are an executive.
    func joined(_ userID: String, incident: Incident, channelID: String, replies: DeferredReplies) {
        let executives = context.configuration.executives
        // Someone with a role in the incident (an executive who declared it, say) belongs in its room.
        guard !executives.isEmpty, incident.state.isActive,
              ![incident.commander, incident.commsLead, incident.scribe].contains(userID) else { return }
        // A listed user is known at once; group members only by asking, after the acknowledgement.
        let listed = executives.contains(.user(userID))
        guard listed || executives.contains(where: { if case .group = $0 { true } else { false } }) else { return }
        replies.postEphemeral(channelID: channelID, userID: userID) {
            await compose(for: userID, incident: incident, listed: listed)
        }
    }

    /// The note for `userID`, or nil when they are not an executive or were nudged in this incident before.
    func compose(for userID: String, incident: Incident, listed: Bool) async -> OutgoingMessage? {
        var logger = context.logger
        logger[metadataKey: "incident_id"] = "\(incident.number)"
        if !listed {
            guard await isInExecutiveGroup(userID, logger: logger) else { return nil }
        }
        do {
            guard try await context.store.recordInboundEvent(id: Self.mark(incident: incident.number, userID: userID), at: context.now()) else {
                return nil
            }
            let ring = incident.toldChannels.first { $0.ring == .executives }
            var thread: String?
            if let ring, let root = try await context.store.rootMessage(incident: incident.number, channelName: ring.name) {
                do {
                    thread = try await chat.messageLink(channelID: root.channelID, ts: root.ts)
                } catch {
                    logger.warning("cannot find the executive thread's address; the note names the channel", metadata: ["reason": "\(error.code)"])
                }
            }
            let intent = ReplyIntent.executiveNudge(
                incident: incident.number, execChannel: ring?.name ?? context.configuration.slack.execChannel,
                thread: thread, communicator: incident.communicator
            )
            logger.info("an executive joined the incident channel; pointed them at the executive thread", metadata: ["user_id": "\(userID)"])
            return OutgoingMessage(text: renderer.encode(wording.text(intent)))
        } catch {
            logger.error("cannot record the executive note", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Whether `userID` is in one of the executives' user groups; a group that cannot be read counts as no.
    private func isInExecutiveGroup(_ userID: String, logger: Logger) async -> Bool {
        for case .group(let handle) in context.configuration.executives {
            do {
                if try await groups.members(of: handle, chat).contains(userID) { return true }
            } catch {
                logger.warning("cannot look up a user group's members", metadata: ["group": "\(handle)", "reason": "\(error.code)"])
            }
        }
        return false
    }
}
