import Foundation
import Testing
import TocsinApp
import TocsinCore
@testable import TocsinSlack

/// The app's scopes and events come from the list of methods the client calls; these tests keep the
/// list, the client and the scopes in agreement.
@Suite struct SlackAppPermissionsTests {
    /// A plausible success answer for each method, enough for the client to decode.
    static func answer(_ method: String) -> LoopbackHTTPServer.Response {
        switch method {
        case "auth.test": .json(#"{"ok":true,"user_id":"U0BOT","team_id":"T1"}"#)
        case "conversations.create": .json(#"{"ok":true,"channel":{"id":"C1","name":"inc-1"}}"#)
        case "conversations.list": .json(#"{"ok":true,"channels":[],"response_metadata":{"next_cursor":""}}"#)
        case "chat.postMessage": .json(#"{"ok":true,"channel":"C1","ts":"1700000000.000100"}"#)
        case "conversations.history", "conversations.replies": .json(#"{"ok":true,"messages":[]}"#)
        case "usergroups.list": .json(#"{"ok":true,"usergroups":[{"id":"S1","handle":"oncall"}]}"#)
        case "usergroups.users.list": .json(#"{"ok":true,"users":["U1"]}"#)
        case "conversations.open": .json(#"{"ok":true,"channel":{"id":"D1"}}"#)
        case "chat.getPermalink": .json(#"{"ok":true,"channel":"C1","permalink":"https://acme.slack.com/archives/C1/p1700000000000100"}"#)
        case "chat.postEphemeral": .json(#"{"ok":true,"message_ts":"1700000000.000200"}"#)
        default: .json(#"{"ok":true}"#)
        }
    }

    @Test func theMethodListIsExactlyWhatTheClientCalls() async throws {
        let server = try LoopbackHTTPServer { Self.answer($0.apiMethod) }
        defer { server.stop() }
        let client = TestSupport.client(for: server)
        // Every operation of the ChatAPI port.
        _ = try await client.identity()
        _ = try await client.createChannel(named: "inc-1")
        _ = try await client.findChannel(named: "payments")
        try await client.joinChannel(id: "C1")
        _ = try await client.invite(userIDs: ["U1"], toChannel: "C1")
        try await client.setTopic("SEV1", channelID: "C1")
        let ts = try await client.postMessage(OutgoingMessage(text: "hello"), channelID: "C1")
        try await client.updateMessage(OutgoingMessage(text: "hello again"), channelID: "C1", ts: ts)
        try await client.openForm(
            FormDefinition(callbackID: "survey", title: "Retro", submitLabel: "Send", metadata: "1", questions: [.init(id: "q", label: "How?")]),
            triggerID: "1.2.abc"
        )
        try await client.addReaction("eyes", channelID: "C1", ts: ts)
        _ = try await client.findMessage(marker: "outbox-1", channelID: "C1", threadTS: nil)
        _ = try await client.findMessage(marker: "outbox-1", channelID: "C1", threadTS: ts)
        _ = try await client.userGroupMembers(handle: "@oncall")
        _ = try await client.openDirectMessage(userID: "U1")
        try await client.postEphemeral(OutgoingMessage(text: "psst"), channelID: "C1", userID: "U1")
        #expect(try await client.messageLink(channelID: "C1", ts: ts) == "https://acme.slack.com/archives/C1/p1700000000000100")
        try await client.archiveChannel(id: "C1")

        let called = Set(server.requests.map(\.apiMethod))
        #expect(called == Set(SlackMethod.allCases.map(\.rawValue)))
    }

    @Test func everyScopeIsNeededAndEveryNeedIsAsked() {
        let scopes = SlackAppPermissions.botScopes
        #expect(Set(scopes).count == scopes.count, "a scope is listed twice")
        for method in SlackMethod.allCases {
            #expect(Set(method.botScopes).isSubset(of: scopes), "\(method.rawValue) needs a scope the app does not ask for")
        }
        for event in SlackBotEvent.allCases {
            #expect(scopes.contains(event.botScope), "\(event.rawValue) needs \(event.botScope)")
        }
        let needed = Set(SlackMethod.allCases.flatMap(\.botScopes) + SlackBotEvent.allCases.map(\.botScope) + [SlackAppPermissions.commandScope])
        #expect(Set(scopes) == needed)
        // Scopes the manifest used to ask for though no call or event needs them.
        for unused in ["chat:write.public", "pins:write", "bookmarks:write", "users:read", "groups:write"] {
            #expect(!scopes.contains(unused), "\(unused) is asked for but not used")
        }
        // Private ring channels: listed (groups:read), their messages received and their history read (groups:history).
        #expect(scopes.contains("groups:read") && scopes.contains("groups:history"))
    }

    @Test func everySubscribedEventIsOneTheDecoderKnows() {
        let events = SlackAppPermissions.botEvents
        #expect(events.contains("message.groups"))
        #expect(events.contains("member_joined_channel"), "an executive joining an incident channel is nudged")
        for event in events {
            // `message.channels` and `message.groups` are subscriptions to the `message` event.
            let wireName = String(event.split(separator: ".").first ?? "")
            if case .other = EventType(wireName: wireName) {
                Issue.record("\(event) is subscribed but the decoder does not know it")
            }
        }
    }
}
