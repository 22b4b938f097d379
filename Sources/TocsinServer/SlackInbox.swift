import Logging
import TocsinApp
import TocsinCore
import TocsinSlack

/// What Tocsin does with a slash command, event or interaction once it is known to come from Slack, however it
/// arrived: over HTTP (after the signature check, ``SlackRoutes``) or over a Socket Mode connection
/// (``SocketModeService``). One place, so both ways in behave the same.
struct SlackInbox: Sendable {
    let incidents: IncidentService
    let logger: Logger
    /// `/incident help`, the most frequent command, encoded once: its 2.5 KB would be escaped on every ack.
    private let help: (reply: CommandReply, body: [UInt8])

    init(incidents: IncidentService, logger: Logger) {
        self.incidents = incidents
        self.logger = logger
        self.help = (incidents.helpReply, SlackResponseEncoder.encode(incidents.helpReply))
    }

    /// Handles a command and returns its reply as Slack's JSON answer body.
    func command(_ command: SlashCommandRequest) async -> [UInt8] {
        let reply = await incidents.handle(command)
        return reply == help.reply ? help.body : SlackResponseEncoder.encode(reply)
    }

    /// Handles an event; returns the answer body only where Slack reads one (the URL check's challenge).
    func event(_ event: SlackEvent) async -> [UInt8]? {
        switch event {
        case .urlVerification(let challenge):
            return SlackResponseEncoder.urlVerification(challenge: challenge)
        case .callback(let callback):
            if let channelEvent = SlackRoutes.channelEvent(callback) {
                await incidents.handle(channelEvent)
            }
            return nil
        case .appRateLimited:
            logger.warning("Slack reports this app is over its events rate limit")
            return nil
        }
    }

    /// Button clicks are acted on before the acknowledgement (the 200, or the Socket Mode ack): a check-in or a
    /// finished action item is stored (its messages queued for delivery), and the survey button calls the chat
    /// API to open its modal within the trigger's 3 seconds. Slack shows nothing of a `block_actions` answer's
    /// body, so the answer to show the clicker is queued for the click's `response_url` (``DeferredReplies``
    /// sends it) instead of going in the acknowledgement.
    ///
    /// A form submission is answered in the acknowledgement itself: nil closes the modal, a body
    /// (`response_action: errors`) keeps it open with the problems beside the fields. A shortcut opens the
    /// declare form before the acknowledgement, within its trigger's 3 seconds.
    func interaction(_ interaction: SlackInteraction) async -> [UInt8]? {
        switch interaction {
        case .blockActions(let clicks):
            for click in clicks {
                await incidents.answer(click)
            }
            return nil
        case .viewSubmission(let view):
            let answers = view.values.mapValues { $0.values.first ?? "" }
            let answer = await incidents.handle(FormSubmission(
                callbackID: view.callbackID, userID: view.userID, privateMetadata: view.privateMetadata, answers: answers,
                formID: view.viewID, teamID: view.teamID))
            return SlackResponseEncoder.formAnswer(answer)
        case .shortcut(let shortcut):
            await incidents.handle(shortcut)
            return nil
        case .other:
            return nil
        }
    }
}
