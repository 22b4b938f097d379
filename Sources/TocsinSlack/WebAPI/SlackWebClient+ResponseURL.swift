import Foundation
import TocsinCore
import TocsinApp
import TocsinHTTP

/// Replies to clicks through the payload's `response_url` (docs.slack.dev "Handling user interaction":
/// POST JSON to it; `response_type: ephemeral` shows the reply to the clicker only, `replace_original: false`
/// leaves the clicked message alone). It answers `ok` as text/plain, like an incoming webhook.
extension SlackWebClient: InteractionReplies {
    /// The only host Slack issues `response_url`s on.
    static let responseURLHost = "hooks.slack.com"

    public func reply(_ text: RichText, to address: String) async throws(ChatError) {
        guard Self.isTrustedResponseURL(address, baseURL: baseURL) else {
            throw .permanent("untrusted_response_url")
        }
        let bytes = try Self.jsonBody(ResponseURLBody(text: SlackMarkup.encode(text)))
        // No Authorization header: a response_url needs no token, and the token must not travel to it.
        let request = HTTPRequest(method: .post, url: address, headers: [("Content-Type", "application/json; charset=utf-8")], body: bytes)
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch {
            throw SlackErrorMapping.chatError(for: error)
        }
        if let error = SlackErrorMapping.chatError(forStatus: response.status, retryAfter: response.retryAfterSeconds) {
            throw error
        }
        guard (200...299).contains(response.status) else {
            // 404 `expired_url` or `used_url` (5 uses in 30 minutes), 400 `invalid_payload`, …
            let reason = String(decoding: response.body.prefix(64), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw .permanent(reason.isEmpty || reason.contains(where: { !$0.isLetter && $0 != "_" }) ? "http_\(response.status)" : reason)
        }
    }

    /// An `https` URL on Slack's hooks host; or, when the Web API itself is on this machine (the sandbox,
    /// tests), a loopback URL, as the sandbox hands out. Anything else was not issued by Slack and is not called.
    static func isTrustedResponseURL(_ address: String, baseURL: String) -> Bool {
        guard let url = URLComponents(string: address), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(),
              url.user == nil, url.password == nil
        else { return false }
        if scheme == "https", host == responseURLHost { return true }
        let loopback: Set<String> = ["127.0.0.1", "localhost", "::1", "[::1]"]
        guard let apiHost = URLComponents(string: baseURL)?.host?.lowercased(), loopback.contains(apiHost) else { return false }
        return (scheme == "http" || scheme == "https") && loopback.contains(host)
    }
}

/// The JSON posted to a `response_url`.
struct ResponseURLBody: Encodable {
    var text: String
    var responseType = "ephemeral"
    var replaceOriginal = false

    private enum CodingKeys: String, CodingKey {
        case text
        case responseType = "response_type"
        case replaceOriginal = "replace_original"
    }
}
