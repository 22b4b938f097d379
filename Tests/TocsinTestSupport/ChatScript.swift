import TocsinApp
import TocsinCore

/// The answers a ``RecordingChat`` gives, one closure per operation; an operation left nil is one the test
/// does not expect, and calling it fails the test.
///
/// A closure receives the call's arguments and returns the platform's answer or throws its refusal, so one
/// script can answer differently per channel or per attempt.
public struct ChatScript: Sendable {
    public var identity: (@Sendable () throws(ChatError) -> BotIdentity)?
    public var createChannel: (@Sendable (_ name: String) throws(ChatError) -> ChannelInfo)?
    public var findChannel: (@Sendable (_ name: String) throws(ChatError) -> FoundChannel?)?
    public var joinChannel: (@Sendable (_ id: String) throws(ChatError) -> Void)?
    public var invite: (@Sendable (_ userIDs: [String], _ channelID: String) throws(ChatError) -> [RefusedInvite])?
    public var setTopic: (@Sendable (_ topic: String, _ channelID: String) throws(ChatError) -> Void)?
    public var postMessage: (@Sendable (_ message: OutgoingMessage, _ channelID: String) throws(ChatError) -> String)?
    public var updateMessage: (@Sendable (_ message: OutgoingMessage, _ channelID: String, _ ts: String) throws(ChatError) -> Void)?
    public var openForm: (@Sendable (_ form: FormDefinition, _ triggerID: String) throws(ChatError) -> Void)?
    public var addReaction: (@Sendable (_ name: String, _ channelID: String, _ ts: String) throws(ChatError) -> Void)?
    public var findMessage: (@Sendable (_ marker: String, _ channelID: String, _ threadTS: String?) throws(ChatError) -> String?)?
    public var userGroupMembers: (@Sendable (_ handle: String) throws(ChatError) -> [String])?
    /// The direct-message conversation's id for a user.
    public var openDirectMessage: (@Sendable (_ userID: String) throws(ChatError) -> String)?
    public var postEphemeral: (@Sendable (_ message: OutgoingMessage, _ channelID: String, _ userID: String) throws(ChatError) -> Void)?
    public var messageLink: (@Sendable (_ channelID: String, _ ts: String) throws(ChatError) -> String)?
    public var archiveChannel: (@Sendable (_ id: String) throws(ChatError) -> Void)?

    public init() {}
}
