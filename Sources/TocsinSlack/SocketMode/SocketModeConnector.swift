import Foundation
import TocsinApp
import TocsinHTTP

/// Calls `apps.connections.open` with the app-level token (`xapp-…`) for a fresh WebSocket URL; Slack's URLs
/// are good for one connection, so this is called before every (re)connection (FACTS §6).
///
/// Separate from ``SlackWebClient``, which holds the bot token: the app token opens connections and nothing else.
public struct SocketModeConnector: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    let baseURL: String
    private let appToken: String
    private let transport: HTTPTransport

    public init(baseURL: String = "https://slack.com/api/", appToken: String, requestTimeout: Double = 20) {
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.appToken = appToken
        self.transport = HTTPTransport(connectTimeout: 5, requestTimeout: requestTimeout, maxConcurrentRequests: 1)
    }

    /// The WebSocket URL to connect to. `invalid_auth`, `not_allowed_token_type` and the like are
    /// `.unauthorized` (no retry helps); transport failures and 5xx are `.transient`.
    public func openConnection() async throws(ChatError) -> String {
        let request = HTTPRequest(
            method: .post, url: baseURL + "apps.connections.open",
            headers: [("Authorization", "Bearer \(appToken)"), ("Content-Type", "application/x-www-form-urlencoded")])
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch {
            throw SlackErrorMapping.chatError(for: error)
        }
        if let error = SlackErrorMapping.chatError(forStatus: response.status, retryAfter: response.retryAfterSeconds) { throw error }
        guard let answer = try? JSONDecoder().decode(OpenAnswer.self, from: Data(response.body)) else {
            throw .transient("invalid_response", outcome: .unknown)
        }
        guard answer.ok, let url = answer.url, !url.isEmpty else {
            let error = answer.error ?? "unknown_error"
            // An app token of the wrong kind is a credential problem like a wrong one.
            throw error == "not_allowed_token_type" ? .unauthorized(error) : SlackErrorMapping.chatError(forSlackError: error)
        }
        return url
    }

    /// Logged by the service group at start: the app token is a secret, so it is never part of it.
    public var description: String { "SocketModeConnector(\(baseURL), app token redacted)" }
    public var debugDescription: String { description }

    private struct OpenAnswer: Decodable {
        var ok: Bool
        var url: String?
        var error: String?
    }
}
