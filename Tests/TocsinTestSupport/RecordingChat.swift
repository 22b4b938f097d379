import Synchronization
import Testing
import TocsinApp
import TocsinCore

/// A fake chat platform for app-layer tests: it records every call with its arguments, answers from a
/// ``ChatScript``, and turns a call the script does not answer into a test failure (and a thrown
/// ``ChatError``, so the code under test stops there instead of crashing the test run).
public final class RecordingChat: ChatAPI {
    /// The error an unexpected call throws, after recording the test failure.
    public static let unexpectedCall = ChatError.permanent("unexpected_call")

    private struct State {
        var script: ChatScript
        var calls: [ChatCall] = []
        var history = CallHistory()
        var adopted: [CallHistory] = []
    }

    private let state: Mutex<State>
    private let createdAt: SourceLocation

    /// Unexpected calls are reported at `sourceLocation`, where the test made the fake.
    public init(_ script: ChatScript = ChatScript(), sourceLocation: SourceLocation = #_sourceLocation) {
        state = Mutex(State(script: script))
        createdAt = sourceLocation
    }

    /// Every call so far, in order.
    public var calls: [ChatCall] { state.withLock { $0.calls } }

    /// The names of the operations called so far, in order.
    public var operations: [String] { calls.map(\.operation) }

    /// Changes the answers for the calls still to come.
    public func script(_ change: (inout ChatScript) -> Void) {
        state.withLock { change(&$0.script) }
    }

    /// The call history ``callHistory()`` answers from now on.
    public func setCallHistory(_ history: CallHistory) {
        state.withLock { $0.history = history }
    }

    /// The histories handed to ``adoptCallHistory(_:)``, in order.
    public var adoptedHistories: [CallHistory] { state.withLock { $0.adopted } }

    public func callHistory() async -> CallHistory {
        state.withLock { $0.history }
    }

    public func adoptCallHistory(_ history: CallHistory) async {
        state.withLock { $0.adopted.append(history) }
    }

    /// Forgets the calls recorded so far, keeping the script.
    public func forgetCalls() {
        state.withLock { $0.calls.removeAll() }
    }

    /// Records `call` and returns the script's answer for it, or fails the test when there is none.
    private func answer<Answer>(
        _ call: ChatCall, _ responder: KeyPath<ChatScript, Answer?>
    ) throws(ChatError) -> Answer {
        let script = state.withLock { state in
            state.calls.append(call)
            return state.script
        }
        guard let answer = script[keyPath: responder] else {
            Issue.record("unexpected chat call: \(call)", sourceLocation: createdAt)
            throw Self.unexpectedCall
        }
        return answer
    }

    public func identity() async throws(ChatError) -> BotIdentity {
        try answer(.identity, \.identity)()
    }

    public func createChannel(named name: String) async throws(ChatError) -> ChannelInfo {
        try answer(.createChannel(name: name), \.createChannel)(name)
    }

    public func findChannel(named name: String) async throws(ChatError) -> FoundChannel? {
        try answer(.findChannel(name: name), \.findChannel)(name)
    }

    public func joinChannel(id: String) async throws(ChatError) {
        try answer(.joinChannel(id: id), \.joinChannel)(id)
    }

    public func invite(userIDs: [String], toChannel channelID: String) async throws(ChatError) -> [RefusedInvite] {
        try answer(.invite(userIDs: userIDs, channelID: channelID), \.invite)(userIDs, channelID)
    }

    public func setTopic(_ topic: String, channelID: String) async throws(ChatError) {
        try answer(.setTopic(topic, channelID: channelID), \.setTopic)(topic, channelID)
    }

    public func postMessage(_ message: OutgoingMessage, channelID: String) async throws(ChatError) -> String {
        try answer(.postMessage(message, channelID: channelID), \.postMessage)(message, channelID)
    }

    public func updateMessage(_ message: OutgoingMessage, channelID: String, ts: String) async throws(ChatError) {
        try answer(.updateMessage(message, channelID: channelID, ts: ts), \.updateMessage)(message, channelID, ts)
    }

    public func openForm(_ form: FormDefinition, triggerID: String) async throws(ChatError) {
        try answer(.openForm(form, triggerID: triggerID), \.openForm)(form, triggerID)
    }

    public func addReaction(_ name: String, channelID: String, ts: String) async throws(ChatError) {
        try answer(.addReaction(name, channelID: channelID, ts: ts), \.addReaction)(name, channelID, ts)
    }

    public func findMessage(marker: String, channelID: String, threadTS: String?) async throws(ChatError) -> String? {
        try answer(.findMessage(marker: marker, channelID: channelID, threadTS: threadTS), \.findMessage)(marker, channelID, threadTS)
    }

    public func openDirectMessage(userID: String) async throws(ChatError) -> String {
        try answer(.openDirectMessage(userID: userID), \.openDirectMessage)(userID)
    }

    public func userGroupMembers(handle: String) async throws(ChatError) -> [String] {
        try answer(.userGroupMembers(handle: handle), \.userGroupMembers)(handle)
    }

    public func postEphemeral(_ message: OutgoingMessage, channelID: String, userID: String) async throws(ChatError) {
        try answer(.postEphemeral(message, channelID: channelID, userID: userID), \.postEphemeral)(message, channelID, userID)
    }

    public func messageLink(channelID: String, ts: String) async throws(ChatError) -> String {
        try answer(.messageLink(channelID: channelID, ts: ts), \.messageLink)(channelID, ts)
    }

    public func archiveChannel(id: String) async throws(ChatError) {
        try answer(.archiveChannel(id: id), \.archiveChannel)(id)
    }
}
