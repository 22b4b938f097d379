import Foundation
import Testing
import TocsinApp
import TocsinCore
@testable import TocsinSlack

/// `conversations.open` through `SlackWebClient`, against Slack's documented answers.
@Suite struct SlackWebClientDirectMessageTests {
    typealias Server = LoopbackHTTPServer

    /// The method page's example answer (`{"ok":true,"channel":{"id":"D069C7QFK"}}`) and the answer for a
    /// conversation already open (`no_op`, `already_open`) both give the conversation's id.
    @Test(arguments: [
        #"{"ok":true,"channel":{"id":"D069C7QFK"}}"#,
        #"{"ok":true,"no_op":true,"already_open":true,"channel":{"id":"D069C7QFK"}}"#,
    ])
    func openingADirectMessageIsAFormPostWithOneUser(answer: String) async throws {
        let server = try Server { _ in .json(answer) }
        defer { server.stop() }
        let conversation = try await TestSupport.client(for: server).openDirectMessage(userID: "U03ONCALL2")
        #expect(conversation == "D069C7QFK")
        let request = try #require(server.requests.first)
        #expect(request.apiMethod == "conversations.open")
        #expect(request.header("Content-Type") == "application/x-www-form-urlencoded")
        #expect(TestSupport.form(request) == ["users": "U03ONCALL2"])
    }

    @Test func anUnknownUserIsAPermanentFailure() async throws {
        let server = try Server { _ in .json(#"{"ok":false,"error":"user_not_found"}"#) }
        defer { server.stop() }
        await #expect(throws: ChatError.permanent("user_not_found")) {
            _ = try await TestSupport.client(for: server).openDirectMessage(userID: "U0NOBODY")
        }
    }

    /// The app asks for `im:write` to open direct messages, and `im:history` to find one an interrupted delivery sent.
    @Test func theManifestAsksForTheDirectMessageScopes() {
        #expect(SlackAppPermissions.botScopes.contains("im:write"))
        #expect(SlackAppPermissions.botScopes.contains("im:history"))
    }

    /// Slack sends a mention as `<@U…|name>` (with `should_escape`) or `<@U…>`; both name the person to hand over to.
    @Test(arguments: ["oncall handoff <@U03ONCALL2|olga>", "oncall handoff <@U03ONCALL2>"])
    func escapedMentionsNameTheNextPerson(text: String) {
        let parser = CommandParser(catalog: CommandCatalog(command: "/incident", description: "", usageHint: "", subcommands: []), configuration: TocsinConfiguration(
            slack: SlackSettings(), severities: [SeverityLevel(name: "SEV1", summary: "Major", updateEvery: .init(seconds: 1800), checkInWithin: .init(seconds: 1800))],
            services: [], rings: RingPolicy(stakeholders: [:], company: [:], executives: [:])
        ))
        #expect(parser.parse(SlackMarkup.decode(text)) == .success(.anywhere(.oncallHandoff(to: "U03ONCALL2"))))
    }
}
