import Testing
import TocsinApp
import TocsinCore
import TocsinTestSupport

/// The fake chat platform the app-layer tests rely on: it records what it is asked and fails a test on a call
/// its script does not answer.
@Suite struct RecordingChatTests {
    @Test func scriptedCallsAreAnsweredAndRecordedWithTheirArguments() async throws {
        var script = ChatScript()
        script.postMessage = { _, channelID in "ts-in-\(channelID)" }
        let chat = RecordingChat(script)
        let message = OutgoingMessage(text: "hello", threadTS: "1.2")
        #expect(try await chat.postMessage(message, channelID: "C1") == "ts-in-C1")
        #expect(chat.calls == [.postMessage(message, channelID: "C1")])
    }

    @Test func anUnscriptedCallFailsTheTestAndThrows() async {
        let chat = RecordingChat()
        await withKnownIssue("the fake records an unexpected call as a test failure") {
            await #expect(throws: RecordingChat.unexpectedCall) {
                try await chat.setTopic("topic", channelID: "C1")
            }
        }
        #expect(chat.calls == [.setTopic("topic", channelID: "C1")], "an unexpected call is recorded too")
    }
}
