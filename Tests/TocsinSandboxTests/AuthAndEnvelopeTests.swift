import Foundation
import Testing

@testable import TocsinSandbox

@Suite("Tokens and envelopes")
struct AuthAndEnvelopeTests {
    @Test func missingTokenIsNotAuthed() async throws {
        try await Sandbox.with { sandbox in
            let answer = try await sandbox.call("auth.test", token: nil)
            #expect(answer.status == 200)
            #expect(answer.error == "not_authed")
            #expect(answer["ok"] == .bool(false))
            #expect(answer.headers["content-type"]?.hasPrefix("application/json") == true)
        }
    }

    @Test func wrongTokenIsInvalidAuth() async throws {
        try await Sandbox.with { sandbox in
            let bearer = try await sandbox.call("auth.test", token: "xoxb-wrong")
            let form = try await sandbox.call("auth.test", token: "xoxb-wrong", tokenInForm: true)
            #expect(bearer.error == "invalid_auth")
            #expect(form.error == "invalid_auth")
        }
    }

    @Test func formTokenAndBearerTokenAreAccepted() async throws {
        try await Sandbox.with { sandbox in
            let form = try await sandbox.call("auth.test", tokenInForm: true)
            #expect(form.ok)
            #expect(form["user_id"] == "U0TOCSIN")
            #expect(form["team_id"] == "T0SANDBOX")
            #expect(form["bot_id"] == "B0TOCSIN")
            #expect(try await sandbox.call("auth.test").ok)
        }
    }

    /// A token revoked (the app uninstalled, the token rotated) answers `token_revoked` on every method.
    @Test func aRevokedTokenIsRefusedUntilReinstated() async throws {
        try await Sandbox.with { sandbox in
            await sandbox.workspace.revokeBotToken()
            let revoked = try await sandbox.call("auth.test")
            let listing = try await sandbox.call("conversations.list")
            let wrong = try await sandbox.call("auth.test", token: "xoxb-wrong")
            #expect(revoked.error == "token_revoked")
            #expect(listing.error == "token_revoked")
            #expect(wrong.error == "invalid_auth")
            await sandbox.workspace.reinstateBotToken()
            let reinstated = try await sandbox.call("auth.test")
            #expect(reinstated.ok)
        }
    }

    @Test func jsonBodyNeedsTheAuthorizationHeader() async throws {
        try await Sandbox.with { sandbox in
            let answer = try await sandbox.callJSON("auth.test", #"{"token":"xoxb-sandbox"}"#, token: nil)
            #expect(answer.error == "not_authed")
            #expect(try await sandbox.callJSON("auth.test", "{}").ok)
        }
    }

    @Test func queryStringTokenIsRefused() async throws {
        try await Sandbox.with { sandbox in
            let answer = try await sandbox.send(path: "/api/auth.test?token=xoxb-sandbox", method: "GET", body: nil)
            #expect(answer.error == "not_authed")
            let get = try await sandbox.send(
                path: "/api/users.info?user=U04SRE", method: "GET", body: nil, headers: ["Authorization": "Bearer xoxb-sandbox"]
            )
            #expect(get["user"]?["name"] == "sam")
        }
    }

    @Test func unknownMethodIs404() async throws {
        try await Sandbox.with { sandbox in
            let answer = try await sandbox.call("chat.postMesage")
            #expect(answer.status == 404)
            #expect(answer.error == "unknown_method")
            let calls = await sandbox.workspace.calls()
            #expect(calls.map(\.method) == ["chat.postMesage"])
            #expect(calls.first?.httpStatus == 404)
        }
    }

    @Test func malformedJSONBody() async throws {
        try await Sandbox.with { sandbox in
            let answer = try await sandbox.callJSON("auth.test", "{nope")
            #expect(answer.error == "invalid_json")
        }
    }

    @Test func callsAreRecordedWithStringifiedJSONValues() async throws {
        try await Sandbox.with { sandbox in
            let id = try await sandbox.createChannel("inc-record")
            let answer = try await sandbox.callJSON(
                "chat.postMessage",
                #"{"channel":"\#(id)","text":"hi","unfurl_links":false,"blocks":[{"type":"divider"}],"x":1.50}"#
            )
            #expect(answer.ok, "\(answer.body)")
            let call = try #require(await sandbox.workspace.calls().last)
            #expect(call.method == "chat.postMessage")
            #expect(call.params["unfurl_links"] == "false")
            #expect(call.params["blocks"] == #"[{"type":"divider"}]"#)
            #expect(call.params["x"] == "1.50")
            #expect(call.params["token"] == nil)
            #expect(call.ok)
        }
    }

    @Test func usersAndGroups() async throws {
        try await Sandbox.with { sandbox in
            let user = try await sandbox.call("users.info", ["user": "U01PAYLEAD"])
            #expect(user["user"]?["real_name"] == "Priya Raman")
            #expect(user["user"]?["is_bot"] == .bool(false))
            #expect(user["user"]?["profile"]?["display_name"] == "priya")
            #expect(try await sandbox.call("users.info", ["user": "U0TOCSIN"])["user"]?["is_bot"] == .bool(true))
            #expect(try await sandbox.call("users.info", ["user": "U999"]).error == "user_not_found")
            let groups = try await sandbox.call("usergroups.list", ["include_users": "true"])
            #expect(groups["usergroups"]?.arrayValue?.first?["handle"] == "payments-oncall")
            #expect(groups["usergroups"]?.arrayValue?.first?["users"] == ["U02ONCALL1", "U03ONCALL2"])
            #expect(try await sandbox.call("usergroups.list")["usergroups"]?.arrayValue?.first?["users"] == nil)
            let members = try await sandbox.call("usergroups.users.list", ["usergroup": "S01PAYONCALL"])
            #expect(members["users"] == ["U02ONCALL1", "U03ONCALL2"])
            #expect(try await sandbox.call("usergroups.users.list", ["usergroup": "S0NOPE"]).error == "no_such_subteam")
        }
    }

    @Test func serverStopsWhenCancelled() async throws {
        let workspace = SandboxWorkspace(seed: .demo)
        let server = SandboxServer(workspace: workspace, logger: .init(label: "test"))
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task { try await server.run { continuation.yield($0) } }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        #expect(port > 0)
        let started = Date()
        task.cancel()
        _ = await task.result
        #expect(Date().timeIntervalSince(started) < 5)
    }
}
