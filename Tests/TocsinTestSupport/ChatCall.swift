import TocsinApp
import TocsinCore

/// One call a ``RecordingChat`` received, with its arguments, so a test can assert what was asked of the platform.
public enum ChatCall: Sendable, Equatable {
    case identity
    case createChannel(name: String)
    case findChannel(name: String)
    case joinChannel(id: String)
    case invite(userIDs: [String], channelID: String)
    case setTopic(String, channelID: String)
    case postMessage(OutgoingMessage, channelID: String)
    case updateMessage(OutgoingMessage, channelID: String, ts: String)
    case openForm(FormDefinition, triggerID: String)
    case addReaction(String, channelID: String, ts: String)
    case findMessage(marker: String, channelID: String, threadTS: String?)
    case userGroupMembers(handle: String)
    case openDirectMessage(userID: String)
    case postEphemeral(OutgoingMessage, channelID: String, userID: String)
    case messageLink(channelID: String, ts: String)
    case archiveChannel(id: String)

    /// The operation's name, for assertions on the order of calls and for failure messages.
    public var operation: String {
        switch self {
        case .identity: "identity"
        case .createChannel: "createChannel"
        case .findChannel: "findChannel"
        case .joinChannel: "joinChannel"
        case .invite: "invite"
        case .setTopic: "setTopic"
        case .postMessage: "postMessage"
        case .updateMessage: "updateMessage"
        case .openForm: "openForm"
        case .addReaction: "addReaction"
        case .findMessage: "findMessage"
        case .userGroupMembers: "userGroupMembers"
        case .openDirectMessage: "openDirectMessage"
        case .postEphemeral: "postEphemeral"
        case .messageLink: "messageLink"
        case .archiveChannel: "archiveChannel"
        }
    }
}
