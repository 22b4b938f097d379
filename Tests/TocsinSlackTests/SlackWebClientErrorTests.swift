import Foundation
import Testing
import TocsinApp
@testable import TocsinHTTP
@testable import TocsinSlack

/// How Slack's failures reach the app as `ChatError`.
@Suite struct SlackWebClientErrorTests {
    typealias Server = LoopbackHTTPServer

    @Test(arguments: [
        ("name_taken", ChatError.nameTaken),
        ("channel_not_found", .channelNotFound),
        ("not_in_channel", .notInChannel),
        ("ratelimited", .rateLimited(retryAfter: 1)),
        ("internal_error", .transient("internal_error")),
        ("fatal_error", .transient("fatal_error")),
        ("service_unavailable", .transient("service_unavailable")),
        ("request_timeout", .transient("request_timeout")),
        ("invalid_auth", .unauthorized("invalid_auth")),
        ("not_authed", .unauthorized("not_authed")),
        ("token_revoked", .unauthorized("token_revoked")),
        ("token_expired", .unauthorized("token_expired")),
        ("account_inactive", .unauthorized("account_inactive")),
        ("missing_scope", .permanent("missing_scope")),
        ("is_archived", .channelArchived),
        ("invalid_name_specials", .permanent("invalid_name_specials")),
    ])
    func slackErrorStrings(error: String, expected: ChatError) {
        #expect(SlackErrorMapping.chatError(forSlackError: error) == expected)
    }

    @Test func okFalseOverTheWire() async throws {
        let server = try Server { request in
            switch request.apiMethod {
            case "conversations.create": .json(#"{"ok":false,"error":"name_taken"}"#)
            case "conversations.join": .json(#"{"ok":false,"error":"channel_not_found"}"#)
            case "conversations.setTopic": .json(#"{"ok":false,"error":"not_in_channel"}"#)
            case "chat.postMessage": .json(#"{"ok":false,"error":"internal_error"}"#)
            default: .json(#"{"ok":false,"error":"invalid_auth"}"#)
            }
        }
        defer { server.stop() }
        let client = TestSupport.client(for: server)
        await #expect(throws: ChatError.nameTaken) { try await client.createChannel(named: "inc-1") }
        await #expect(throws: ChatError.channelNotFound) { try await client.joinChannel(id: "C404") }
        await #expect(throws: ChatError.notInChannel) { try await client.setTopic("t", channelID: "C1") }
        await #expect(throws: ChatError.transient("internal_error")) {
            try await client.postMessage(OutgoingMessage(text: "x"), channelID: "C1")
        }
        await #expect(throws: ChatError.unauthorized("invalid_auth")) { try await client.identity() }
    }

    @Test func http429UsesRetryAfter() async throws {
        let server = try Server { request in
            request.apiMethod == "auth.test"
                ? .json(#"{"ok":false,"error":"ratelimited"}"#, status: 429, headers: [("Retry-After", "7")])
                : .json(#"{"ok":false,"error":"ratelimited"}"#, status: 429)
        }
        defer { server.stop() }
        let client = TestSupport.client(for: server)
        await #expect(throws: ChatError.rateLimited(retryAfter: 7)) { try await client.identity() }
        await #expect(throws: ChatError.rateLimited(retryAfter: 1)) { try await client.joinChannel(id: "C1") }
    }

    @Test func htmlServerErrorIsTransient() async throws {
        let page = "<!DOCTYPE html><html><head><title>Server Error | Slack</title></head><body>Slack is down</body></html>"
        let server = try Server { request in
            request.apiMethod == "auth.test" ? .html(page, status: 503) : .html(page, status: 200)
        }
        defer { server.stop() }
        let client = TestSupport.client(for: server)
        await #expect(throws: ChatError.transient("http_503")) { try await client.identity() }
        await #expect(throws: ChatError.transient("invalid_response")) { try await client.joinChannel(id: "C1") }
    }

    @Test func connectionRefusedIsTransient() async throws {
        let port = try LoopbackHTTPServer.unusedPort()
        let client = SlackWebClient(baseURL: "http://127.0.0.1:\(port)/api/", token: TestSupport.token, logger: TestSupport.logger)
        await #expect(throws: ChatError.transient("connect_failed", outcome: .noEffect)) { try await client.identity() }
    }

    @Test func timeoutIsTransient() async throws {
        let server = try Server { _ in
            var response = Server.Response.json(#"{"ok":true}"#)
            response.delay = 1.5
            return response
        }
        defer { server.stop() }
        let client = TestSupport.client(for: server, requestTimeout: 0.3)
        await #expect(throws: ChatError.transient("timeout", outcome: .mayStillLand)) { try await client.joinChannel(id: "C1") }
    }

    @Test(arguments: ["http://slack.com/api/", "http://10.0.0.1:8080/api/", "http://127.0.0.1.example.com/api/"])
    func plainHTTPToOtherHostsIsRefusedBeforeAnyRequest(baseURL: String) async {
        let client = SlackWebClient(baseURL: baseURL, token: TestSupport.token, logger: TestSupport.logger)
        await #expect(throws: ChatError.permanent("insecure_url")) { try await client.identity() }
    }

    @Test(arguments: [
        "https://slack.com/api/auth.test", "http://127.0.0.1:8080/api/auth.test",
        "http://localhost/api/auth.test", "http://[::1]:9000/api/auth.test",
    ])
    func httpsAndLoopbackAreAllowed(url: String) throws {
        try URLPolicy.check(url)
    }

    @Test(arguments: ["ftp://slack.com/x", "file:///etc/passwd", "not a url", "https:///path"])
    func otherURLsAreInvalid(url: String) {
        #expect(throws: TransportError.invalidURL(url)) { try URLPolicy.check(url) }
    }
}
