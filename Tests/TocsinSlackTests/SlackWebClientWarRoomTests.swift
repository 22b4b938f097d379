import Foundation
import Testing
import TocsinApp
import TocsinCore
@testable import TocsinSlack

/// `chat.postEphemeral`, `chat.getPermalink` and `conversations.archive` as the client sends them and reads
/// Slack's documented answers (docs.slack.dev method pages).
@Suite struct SlackWebClientWarRoomTests {
    typealias Server = LoopbackHTTPServer

    @Test func anEphemeralNoteNamesItsOnePerson() async throws {
        let server = try Server { _ in .json(#"{"ok":true,"message_ts":"1502210682.580145"}"#) }
        defer { server.stop() }
        try await TestSupport.client(for: server).postEphemeral(OutgoingMessage(text: "Follow #1 in its thread"), channelID: "C1", userID: "U0CTO")
        let request = try #require(server.requests.first)
        #expect(request.apiMethod == "chat.postEphemeral")
        #expect(TestSupport.form(request) == ["channel": "C1", "user": "U0CTO", "text": "Follow #1 in its thread"])
    }

    @Test func anEphemeralNoteToSomeoneOutsideTheChannelIsRefused() async throws {
        let server = try Server { _ in .json(#"{"ok":false,"error":"user_not_in_channel"}"#) }
        defer { server.stop() }
        await #expect(throws: ChatError.permanent("user_not_in_channel")) {
            try await TestSupport.client(for: server).postEphemeral(OutgoingMessage(text: "x"), channelID: "C1", userID: "U0CTO")
        }
    }

    @Test func aPermalinkIsReadFromSlacksAnswer() async throws {
        let link = "https://ghostbusters.slack.com/archives/C1H9RESGA/p135854651500008"
        let server = try Server { _ in .json(#"{"ok":true,"channel":"C1H9RESGA","permalink":"\#(link)"}"#) }
        defer { server.stop() }
        #expect(try await TestSupport.client(for: server).messageLink(channelID: "C1H9RESGA", ts: "1358546515.000008") == link)
        #expect(TestSupport.form(try #require(server.requests.first)) == ["channel": "C1H9RESGA", "message_ts": "1358546515.000008"])
    }

    @Test(arguments: [
        (#"{"ok":true}"#, nil),
        (#"{"ok":false,"error":"already_archived"}"#, nil),
        (#"{"ok":false,"error":"not_in_channel"}"#, ChatError.notInChannel),
        (#"{"ok":false,"error":"cant_archive_general"}"#, ChatError.permanent("cant_archive_general")),
    ] as [(String, ChatError?)])
    func archivingAnArchivedChannelIsNotAnError(answer: String, expected: ChatError?) async throws {
        let server = try Server { _ in .json(answer) }
        defer { server.stop() }
        let client = TestSupport.client(for: server)
        do {
            try await client.archiveChannel(id: "C1")
            #expect(expected == nil)
        } catch {
            #expect(error == expected)
        }
        #expect(server.requests.first?.apiMethod == "conversations.archive")
    }
}
