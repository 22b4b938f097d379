import Foundation
import Testing
import TocsinApp
@testable import TocsinHTTP
@testable import TocsinSlack

/// What Slack's failures mean for the caller: whether to retry, when, and whether the call may have taken effect.
/// Error names are Slack's documented ones (FACTS.md section 5: the common errors of every method, and the
/// per-method errors Tocsin acts on).
@Suite struct SlackErrorMeaningTests {
    typealias Server = LoopbackHTTPServer

    @Test(arguments: ["not_authed", "invalid_auth", "account_inactive", "token_revoked", "token_expired"])
    func refusedCredentialsWaitForAnOperator(error: String) {
        let mapped = SlackErrorMapping.chatError(forSlackError: error)
        #expect(mapped == .unauthorized(error))
        #expect(mapped.retry == .whenCredentialsWork)
        #expect(mapped.outcome == .noEffect)
    }

    @Test(arguments: ["internal_error", "fatal_error", "service_unavailable", "request_timeout", "team_added_to_org"])
    func slackSideFailuresAreRetriedAndMayHaveTakenEffect(error: String) {
        let mapped = SlackErrorMapping.chatError(forSlackError: error)
        #expect(mapped.retry == .withBackoff)
        #expect(mapped.outcome == .unknown, "Slack accepted the call before failing: look before repeating it")
    }

    @Test(arguments: ["ratelimited", "rate_limited"])
    func rateLimitsInTheEnvelopeWaitASecond(error: String) {
        let mapped = SlackErrorMapping.chatError(forSlackError: error)
        #expect(mapped.retry == .after(seconds: 1))
        #expect(mapped.outcome == .noEffect)
    }

    @Test(arguments: [
        "missing_scope", "not_allowed_token_type", "invalid_arguments", "invalid_arg_name", "invalid_charset",
        "invalid_form_data", "invalid_post_type", "missing_post_type", "ekm_access_denied",
        "restricted_action", "invalid_blocks", "msg_too_long", "cant_update_message", "invalid_name_specials",
    ])
    func refusalsAreGivenUp(error: String) {
        let mapped = SlackErrorMapping.chatError(forSlackError: error)
        #expect(mapped == .permanent(error))
        #expect(mapped.retry == .never)
        #expect(mapped.outcome == .noEffect)
    }

    @Test(arguments: [
        ("name_taken", ChatError.nameTaken), ("channel_not_found", .channelNotFound),
        ("not_in_channel", .notInChannel), ("is_archived", .channelArchived),
    ])
    func refusalsTheAppHandlesKeepTheirOwnCase(error: String, expected: ChatError) {
        let mapped = SlackErrorMapping.chatError(forSlackError: error)
        #expect(mapped == expected)
        #expect(mapped.retry == .never)
        #expect(mapped.outcome == .noEffect)
    }

    @Test func http429WaitsAsLongAsRetryAfterSays() {
        let limited = HTTPResponse(status: 429, headers: [("Retry-After", "7")], body: Array(#"{"ok":false,"error":"ratelimited"}"#.utf8))
        #expect(failure(of: limited) == .rateLimited(retryAfter: 7))
        #expect(failure(of: limited)?.retry == .after(seconds: 7))
        #expect(failure(of: limited)?.outcome == .noEffect)
        let withoutHeader = HTTPResponse(status: 429, headers: [], body: [])
        #expect(failure(of: withoutHeader)?.retry == .after(seconds: 1))
    }

    @Test(arguments: [500, 502, 503, 504])
    func serverErrorsAreRetriedAndMayHaveTakenEffect(status: Int) {
        let page = HTTPResponse(status: status, headers: [("Content-Type", "text/html")], body: Array("<html>Server Error | Slack</html>".utf8))
        #expect(failure(of: page) == .transient("http_\(status)", outcome: .unknown))
        #expect(failure(of: page)?.retry == .withBackoff)
    }

    @Test func anUnreadableSuccessIsRetriedAndAnUnreadableClientErrorIsNot() {
        let garbled = HTTPResponse(status: 200, headers: [], body: Array("<html>".utf8))
        #expect(failure(of: garbled) == .transient("invalid_response", outcome: .unknown))
        let notFound = HTTPResponse(status: 404, headers: [], body: Array("no such method".utf8))
        #expect(failure(of: notFound) == .permanent("http_404"))
        #expect(failure(of: notFound)?.retry == .never)
    }

    @Test func anOkFalseEnvelopeIsReadNotThrown() {
        let refused = HTTPResponse(status: 200, headers: [], body: Array(#"{"ok":false,"error":"name_taken"}"#.utf8))
        guard case .success(.failed(let error, _)) = SlackWebClient.interpret(refused) else {
            Issue.record("an ok:false envelope is an answer to read")
            return
        }
        #expect(error == "name_taken")
    }

    @Test func connectionRefusedHadNoEffect() async throws {
        let port = try LoopbackHTTPServer.unusedPort()
        let client = SlackWebClient(baseURL: "http://127.0.0.1:\(port)/api/", token: TestSupport.token, logger: TestSupport.logger)
        let error = await chatError { try await client.joinChannel(id: "C1") }
        #expect(error?.retry == .withBackoff)
        #expect(error?.outcome == .noEffect)
    }

    @Test func aConnectionDroppedAfterTheRequestLeavesTheOutcomeUnknown() async throws {
        let server = try Server { _ in
            var response = Server.Response.json(#"{"ok":true}"#)
            response.hangsUp = true
            return response
        }
        defer { server.stop() }
        let error = await chatError { try await TestSupport.client(for: server).joinChannel(id: "C1") }
        #expect(error?.retry == .withBackoff)
        #expect(error?.outcome == .unknown)
    }

    @Test func aTimeoutAfterSendingMayStillLand() async throws {
        let server = try Server { _ in
            var response = Server.Response.json(#"{"ok":true}"#)
            response.delay = 1.5
            return response
        }
        defer { server.stop() }
        let error = await chatError { try await TestSupport.client(for: server, requestTimeout: 0.3).joinChannel(id: "C1") }
        #expect(error?.retry == .withBackoff)
        #expect(error?.outcome == .mayStillLand)
    }

    /// The Slack and the Jira clients read a transport failure through the same mapping.
    @Test(arguments: [
        (TransportError.couldNotConnect("refused"), CallOutcome.noEffect),
        (.connectionLost("reset"), .unknown),
        (.timedOut("after 20 s"), .mayStillLand),
        (.curl(code: 16, "HTTP/2 stream error"), .unknown),
    ])
    func everyAdapterReadsATransportFailureAlike(error: TransportError, outcome: CallOutcome) {
        #expect(error.adapterError(as: ChatError.self) == .transient(error.code, outcome: outcome))
        #expect(error.adapterError(as: TrackerError.self) == .transient(error.code, outcome: outcome))
    }

    @Test func aRefusedURLIsPermanentForEveryAdapter() {
        let error = TransportError.insecureURL("http://slack.com/api/")
        #expect(error.adapterError(as: ChatError.self) == .permanent("insecure_url"))
        #expect(error.adapterError(as: TrackerError.self) == .permanent("insecure_url"))
        #expect(error.outcome == .noEffect)
    }

    private func failure(of response: HTTPResponse) -> ChatError? {
        guard case .failure(let error) = SlackWebClient.interpret(response) else { return nil }
        return error
    }

    private func chatError(_ call: () async throws -> Void) async -> ChatError? {
        do {
            try await call()
            return nil
        } catch {
            return error as? ChatError
        }
    }
}
