import Foundation
import Testing
import TocsinApp
import TocsinCore
@testable import TocsinSlack

/// `conversations.invite`: batches, `force=true`, users already in the channel counting as invited,
/// and the users Slack refused reported rather than failing everyone.
@Suite struct SlackWebClientInviteTests {
    typealias Server = LoopbackHTTPServer

    static func invitedUsers(_ server: Server) -> [String] {
        server.requests.map { TestSupport.form($0)["users"] ?? "" }
    }

    @Test func invitesInBatchesOfAHundred() async throws {
        let server = try Server { _ in .json(#"{"ok":true,"channel":{"id":"C1","name":"x"}}"#) }
        defer { server.stop() }
        let users = (1...250).map { "U\($0)" }
        #expect(try await TestSupport.client(for: server).invite(userIDs: users + ["U1"], toChannel: "C1").isEmpty)
        let batches = Self.invitedUsers(server).map { $0.split(separator: ",").map(String.init) }
        #expect(batches.map(\.count) == [100, 100, 50])
        #expect(batches.flatMap { $0 } == users)
        #expect(server.requests.allSatisfy { TestSupport.form($0)["channel"] == "C1" })
        #expect(server.requests.allSatisfy { TestSupport.form($0)["force"] == "true" })
    }

    /// Slack's documented answer with `force`: `ok:true`, the valid users invited, the others in `errors`.
    @Test func withForceTheValidAreInvitedAndTheRefusedReported() async throws {
        let server = try Server { _ in
            .json("""
            {"ok":true,"channel":{"id":"C1","name":"inc-1"},"errors":[
              {"user":"U0GHOST","ok":false,"error":"user_not_found"},
              {"user":"U1","ok":false,"error":"already_in_channel"},
              {"user":"U0GUEST","ok":false,"error":"user_is_restricted"}]}
            """)
        }
        defer { server.stop() }
        let refused = try await TestSupport.client(for: server).invite(userIDs: ["U1", "U0GHOST", "U2", "U0GUEST"], toChannel: "C1")
        #expect(refused == [
            RefusedInvite(userID: "U0GHOST", code: "user_not_found", reason: "no such user"),
            RefusedInvite(userID: "U0GUEST", code: "user_is_restricted", reason: "a guest account that may not join this channel"),
        ])
        #expect(server.requests.count == 1)
        #expect(TestSupport.form(server.requests[0]) == ["channel": "C1", "users": "U1,U0GHOST,U2,U0GUEST", "force": "true"])
    }

    @Test func everyoneRefusedIsReportedNotThrown() async throws {
        let server = try Server { _ in
            .json("""
            {"ok":false,"error":"user_not_found","errors":[
              {"user":"U0GHOST","ok":false,"error":"user_not_found"},{"user":"U0GONE","ok":false,"error":"user_not_found"}]}
            """)
        }
        defer { server.stop() }
        let refused = try await TestSupport.client(for: server).invite(userIDs: ["U0GHOST", "U0GONE"], toChannel: "C1")
        #expect(refused.map(\.userID) == ["U0GHOST", "U0GONE"])
        #expect(server.requests.count == 1)
    }

    @Test func reinvitesOnlyUsersNotListedAsAlreadyInChannel() async throws {
        let server = try Server { request in
            let users = TestSupport.form(request)["users"] ?? ""
            guard users.contains("U1") || users.contains("U3") else { return .json(#"{"ok":true}"#) }
            return .json("""
            {"ok":false,"error":"already_in_channel","errors":[
              {"user":"U1","ok":false,"error":"already_in_channel"},
              {"user":"U3","ok":false,"error":"already_in_channel"}]}
            """)
        }
        defer { server.stop() }
        #expect(try await TestSupport.client(for: server).invite(userIDs: ["U1", "U2", "U3", "U4"], toChannel: "C1").isEmpty)
        #expect(Self.invitedUsers(server) == ["U1,U2,U3,U4", "U2,U4"])
    }

    @Test func everyoneAlreadyInChannelIsSuccess() async throws {
        let server = try Server { _ in
            .json(#"{"ok":false,"error":"already_in_channel","errors":[{"user":"U1","ok":false,"error":"already_in_channel"},{"user":"U2","ok":false,"error":"already_in_channel"}]}"#)
        }
        defer { server.stop() }
        #expect(try await TestSupport.client(for: server).invite(userIDs: ["U1", "U2"], toChannel: "C1").isEmpty)
        #expect(Self.invitedUsers(server) == ["U1,U2"])
    }

    @Test func withoutAnErrorsArrayFallsBackToOneUserAtATime() async throws {
        let server = try Server { request in
            let users = TestSupport.form(request)["users"] ?? ""
            return users.contains("U2") ? .json(#"{"ok":false,"error":"already_in_channel"}"#) : .json(#"{"ok":true}"#)
        }
        defer { server.stop() }
        #expect(try await TestSupport.client(for: server).invite(userIDs: ["U1", "U2", "U3"], toChannel: "C1").isEmpty)
        #expect(Self.invitedUsers(server) == ["U1,U2,U3", "U1", "U2", "U3"])
    }

    @Test func aUserErrorWithoutAnErrorsArrayIsFoundOneUserAtATime() async throws {
        let server = try Server { request in
            switch TestSupport.form(request)["users"] ?? "" {
            case "U1,U2,U3", "U2": .json(#"{"ok":false,"error":"user_not_found"}"#)
            default: .json(#"{"ok":true}"#)
            }
        }
        defer { server.stop() }
        let refused = try await TestSupport.client(for: server).invite(userIDs: ["U1", "U2", "U3"], toChannel: "C1")
        #expect(refused == [RefusedInvite(userID: "U2", code: "user_not_found", reason: "no such user")])
        #expect(Self.invitedUsers(server) == ["U1,U2,U3", "U1", "U2", "U3"])
    }

    @Test func channelErrorsInTheFallbackAreThrown() async throws {
        let server = try Server { request in
            switch TestSupport.form(request)["users"] ?? "" {
            case "U1,U2": .json(#"{"ok":false,"error":"already_in_channel"}"#)
            default: .json(#"{"ok":false,"error":"is_archived"}"#)
            }
        }
        defer { server.stop() }
        await #expect(throws: ChatError.channelArchived) {
            try await TestSupport.client(for: server).invite(userIDs: ["U1", "U2"], toChannel: "C1")
        }
    }

    @Test func otherInviteErrorsAreMapped() async throws {
        let server = try Server { _ in .json(#"{"ok":false,"error":"not_in_channel"}"#) }
        defer { server.stop() }
        await #expect(throws: ChatError.notInChannel) {
            try await TestSupport.client(for: server).invite(userIDs: ["U1"], toChannel: "C1")
        }
    }

    @Test func emptyInviteListSendsNothing() async throws {
        let server = try Server { _ in .json(#"{"ok":true}"#) }
        defer { server.stop() }
        #expect(try await TestSupport.client(for: server).invite(userIDs: [], toChannel: "C1").isEmpty)
        #expect(server.requests.isEmpty)
    }

    @Test func inviteShapeSampleEnvelopeDecodes() throws {
        let envelope = try JSONDecoder().decode(SlackEnvelope.self, from: Data(SlackFixtures.shapeApiConversationsInvite.utf8))
        #expect(envelope.ok == false)
        #expect(envelope.errors == [SlackEnvelope.UserError(user: "U00000000", error: "")])
    }
}
