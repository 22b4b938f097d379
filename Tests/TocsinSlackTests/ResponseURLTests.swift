import Foundation
import Testing
import TocsinApp
@testable import TocsinSlack

/// Replies to clicks through `response_url`, and which URLs may be called at all.
@Suite struct ResponseURLTests {
    typealias Server = LoopbackHTTPServer

    @Test func aReplyIsAnEphemeralJSONPostWithoutTheToken() async throws {
        let server = try Server { _ in Server.Response(status: 200, headers: [("Content-Type", "text/plain")], body: Array("ok".utf8)) }
        defer { server.stop() }
        let address = "http://127.0.0.1:\(server.port)/sandbox/response/abc123"
        try await TestSupport.client(for: server).reply("Only the owner can mark this done.", to: address)

        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/sandbox/response/abc123")
        #expect(request.header("Content-Type") == "application/json; charset=utf-8")
        #expect(request.header("Authorization") == nil)
        #expect(!request.bodyText.contains(TestSupport.token))
        let body = try TestSupport.jsonObject(request.body)
        #expect(body["response_type"] as? String == "ephemeral")
        #expect(body["replace_original"] as? Bool == false)
        #expect(body["text"] as? String == "Only the owner can mark this done.")
    }

    @Test(arguments: [(404, "expired_url", ChatError.permanent("expired_url")), (404, "used_url", .permanent("used_url")), (503, "", .transient("http_503"))])
    func failuresAreTyped(status: Int, text: String, expected: ChatError) async throws {
        let server = try Server { _ in Server.Response(status: status, headers: [("Content-Type", "text/plain")], body: Array(text.utf8)) }
        defer { server.stop() }
        await #expect(throws: expected) {
            try await TestSupport.client(for: server).reply("x", to: "http://127.0.0.1:\(server.port)/sandbox/response/1")
        }
    }

    @Test(arguments: [
        ("https://hooks.slack.com/actions/T111/111/random-value", "https://slack.com/api/", true),
        ("https://hooks.slack.com/commands/T0/1/abc", "https://slack.com/api/", true),
        ("http://hooks.slack.com/actions/T111/111/x", "https://slack.com/api/", false),
        ("https://hooks.slack.com.evil.example/actions/x", "https://slack.com/api/", false),
        ("https://evil.example/hooks.slack.com", "https://slack.com/api/", false),
        ("https://user:pw@hooks.slack.com/actions/x", "https://slack.com/api/", false),
        ("http://127.0.0.1:8081/sandbox/response/1", "https://slack.com/api/", false),
        ("http://127.0.0.1:8081/sandbox/response/1", "http://127.0.0.1:8081/api/", true),
        ("http://localhost:9/x", "http://localhost:8081/api/", true),
        ("http://10.0.0.1/x", "http://127.0.0.1:8081/api/", false),
        ("not a url", "http://127.0.0.1:8081/api/", false),
    ])
    func onlySlacksHooksHostOrLoopbackBesideALoopbackAPIIsCalled(address: String, baseURL: String, trusted: Bool) {
        #expect(SlackWebClient.isTrustedResponseURL(address, baseURL: baseURL) == trusted)
    }

    @Test func anUntrustedAddressIsNeverCalled() async throws {
        let server = try Server { _ in .json(#"{"ok":true}"#) }
        defer { server.stop() }
        let client = SlackWebClient(baseURL: "https://slack.com/api/", token: TestSupport.token, logger: TestSupport.logger)
        await #expect(throws: ChatError.permanent("untrusted_response_url")) {
            try await client.reply("x", to: "http://127.0.0.1:\(server.port)/steal")
        }
        #expect(server.requests.isEmpty)
    }

    @Test func theCertificateCheckIsRecognisedAndNothingElseIs() {
        #expect(SlackInbound.isSSLCheck(formBody: Array("ssl_check=1&token=gIkuvaNzQIHg97ATvDxqgjtO".utf8)))
        #expect(!SlackInbound.isSSLCheck(formBody: Array(SlackFixtures.slashCommandForm.utf8)))
        #expect(!SlackInbound.isSSLCheck(formBody: Array("ssl_check=0&token=x".utf8)))
        #expect(!SlackInbound.isSSLCheck(formBody: []))
    }
}
