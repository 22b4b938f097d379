import Foundation
import Logging
import TocsinApp
import TocsinHTTP

extension SlackWebClient {
    /// A Web API answer that reached us as a well-formed envelope.
    enum Answer {
        case ok([UInt8])
        case failed(error: String, userErrors: [SlackEnvelope.UserError])
    }

    /// Calls a form-encoded method and decodes its success payload.
    func call<Response: Decodable>(_ method: SlackMethod, form: [(String, String)]) async throws(ChatError) -> Response {
        try await decode(method, send(method, request: formRequest(method, form)))
    }

    /// A JSON request body as Slack's JSON methods and `response_url` take it: keys sorted, slashes unescaped.
    static func jsonBody(_ body: some Encodable) throws(ChatError) -> [UInt8] {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return Array(try encoder.encode(body))
        } catch {
            throw .permanent("encoding_failed")
        }
    }

    /// Calls a JSON method and decodes its success payload.
    func call<Response: Decodable>(_ method: SlackMethod, json body: some Encodable, channel: String? = nil) async throws(ChatError) -> Response {
        let bytes = try Self.jsonBody(body)
        let request = HTTPRequest(method: .post, url: baseURL + method.rawValue, headers: [
            ("Authorization", "Bearer \(token)"),
            ("Content-Type", "application/json; charset=utf-8"),
            ("Accept", "application/json"),
        ], body: bytes)
        return try await decode(method, send(method, request: request, channel: channel))
    }

    func formRequest(_ method: SlackMethod, _ form: [(String, String)]) -> HTTPRequest {
        HTTPRequest(method: .post, url: baseURL + method.rawValue, headers: [
            ("Authorization", "Bearer \(token)"),
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Accept", "application/json"),
        ], body: FormEncoder.encode(form))
    }

    /// Sends one call; transport failures, 429, 5xx and unreadable bodies are thrown,
    /// a readable envelope is returned whether `ok` or not.
    func send(_ method: SlackMethod, request: HTTPRequest, channel: String? = nil) async throws(ChatError) -> Answer {
        try await pacer.admit(method: method.rawValue, channel: channel)
        let clock = ContinuousClock()
        let started = clock.now
        let outcome: Result<Answer, ChatError>
        var status: Int?
        do {
            let response = try await transport.send(request)
            status = response.status
            outcome = Self.interpret(response)
        } catch {
            outcome = .failure(SlackErrorMapping.chatError(for: error))
        }
        log(method: method, duration: clock.now - started, status: status, outcome: outcome)
        WebAPIMetrics.record(method: method.rawValue, channel: channel, status: status, outcome: outcome)
        if case .failure(.rateLimited(let retryAfter)) = outcome {
            await pacer.finished(method: method.rawValue, channel: channel, rateLimitedFor: retryAfter)
        } else {
            await pacer.finished(method: method.rawValue, channel: channel, rateLimitedFor: nil)
        }
        return try outcome.get()
    }

    static func interpret(_ response: HTTPResponse) -> Result<Answer, ChatError> {
        if let error = SlackErrorMapping.chatError(forStatus: response.status, retryAfter: response.retryAfterSeconds) {
            return .failure(error)
        }
        guard let envelope = try? JSONDecoder().decode(SlackEnvelope.self, from: Data(response.body)) else {
            // Not JSON: Slack's HTML error pages, a proxy's answer, a truncated body.
            let isClientError = (400...499).contains(response.status)
            return .failure(isClientError ? .permanent("http_\(response.status)") : .transient("invalid_response", outcome: .unknown))
        }
        if envelope.ok {
            return .success(.ok(response.body))
        }
        return .success(.failed(error: envelope.error ?? "unknown_error", userErrors: envelope.errors ?? []))
    }

    private func decode<Response: Decodable>(_ method: SlackMethod, _ answer: Answer) throws(ChatError) -> Response {
        switch answer {
        case .failed(let error, _):
            throw SlackErrorMapping.chatError(forSlackError: error)
        case .ok(let body):
            do {
                return try JSONDecoder().decode(Response.self, from: Data(body))
            } catch {
                logger.debug("slack api answer not understood", metadata: [
                    "slack_method": "\(method.rawValue)", "error": "\(error)",
                ])
                throw .permanent("unexpected_response")
            }
        }
    }

    private func log(method: SlackMethod, duration: Duration, status: Int?, outcome: Result<Answer, ChatError>) {
        let milliseconds = Double(duration.components.seconds) * 1000
            + Double(duration.components.attoseconds) / 1e15
        var metadata: Logger.Metadata = [
            "slack_method": "\(method.rawValue)",
            "duration_ms": "\(Int(milliseconds.rounded()))",
        ]
        if let status { metadata["http_status"] = "\(status)" }
        switch outcome {
        case .success(.ok): metadata["outcome"] = "ok"
        case .success(.failed(let error, _)): metadata["outcome"] = "\(error)"
        case .failure(let error): metadata["outcome"] = "\(error.code)"
        }
        logger.debug("slack api call", metadata: metadata)
    }
}
