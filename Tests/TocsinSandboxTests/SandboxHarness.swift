import Foundation
import Logging
import Testing

@testable import TocsinSandbox

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A sandbox server on a free loopback port, for one test.
struct Sandbox {
    let workspace: SandboxWorkspace
    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }
    static let token = "xoxb-sandbox"

    struct NoPort: Error {}

    /// Starts a server, runs `body`, and stops the server by cancelling its task.
    static func with<T>(
        seed: SandboxSeed = .demo, botCommandURL: String? = nil, signingSecret: String? = nil,
        _ body: (Sandbox) async throws -> T
    ) async throws -> T {
        let workspace = SandboxWorkspace(seed: seed)
        var logger = Logger(label: "sandbox-test")
        logger.logLevel = .warning
        let server = SandboxServer(
            workspace: workspace, botCommandURL: botCommandURL, signingSecret: signingSecret, logger: logger
        )
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task { try await server.run { port in continuation.yield(port) } }
        defer { task.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw NoPort() }
        return try await body(Sandbox(workspace: workspace, port: port))
    }

    /// A Web API answer: the HTTP status, the headers and the JSON body (nil when not JSON).
    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: String
        var json: JSON?

        var ok: Bool { json?["ok"] == .bool(true) }
        var error: String? { json?["error"]?.stringValue }
        subscript(key: String) -> JSON? { json?[key] }
    }

    /// Calls a method with a form body; the token goes in `Authorization: Bearer` unless `tokenInForm`.
    func call(_ method: String, _ form: [String: String] = [:], token: String? = Sandbox.token, tokenInForm: Bool = false)
        async throws -> Answer
    {
        var fields = form.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        var headers = ["Content-Type": "application/x-www-form-urlencoded"]
        if let token {
            if tokenInForm { fields.append((name: "token", value: token)) } else { headers["Authorization"] = "Bearer \(token)" }
        }
        return try await send(path: "/api/\(method)", body: FormURLEncoding.encode(fields), headers: headers)
    }

    /// Calls a method with a JSON body, as slack_sdk does for `chat.*`.
    func callJSON(_ method: String, _ json: String, token: String? = Sandbox.token) async throws -> Answer {
        var headers = ["Content-Type": "application/json; charset=utf-8"]
        if let token { headers["Authorization"] = "Bearer \(token)" }
        return try await send(path: "/api/\(method)", body: json, headers: headers)
    }

    func send(path: String, method: String = "POST", body: String?, headers: [String: String] = [:]) async throws -> Answer {
        var request = URLRequest(url: URL(string: baseURL + path)!, timeoutInterval: 10)
        request.httpMethod = method
        if let body { request.httpBody = Data(body.utf8) }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var headerMap: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headerMap[name.lowercased()] = value }
        }
        let text = String(decoding: data, as: UTF8.self)
        return Answer(status: http.statusCode, headers: headerMap, body: text, json: try? JSONParser.parse(text))
    }

    /// Creates a channel as the bot and returns its id.
    func createChannel(_ name: String) async throws -> String {
        let answer = try await call("conversations.create", ["name": name])
        #expect(answer.ok, "create \(name): \(answer.body)")
        return try #require(answer["channel"]?["id"]?.stringValue)
    }

    func post(_ channel: String, _ text: String, threadTS: String? = nil) async throws -> Answer {
        var form = ["channel": channel, "text": text]
        if let threadTS { form["thread_ts"] = threadTS }
        return try await call("chat.postMessage", form)
    }
}
