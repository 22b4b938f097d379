import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Talks to a bot on a loopback port: signed slash commands and plain GETs.
struct LoopbackClient: Sendable {
    struct Reply: Sendable {
        var status: Int
        var body: String

        /// The incident number in a declare's reply ("Declared incident #12, …").
        var declaredIncident: Int? {
            guard let range = body.range(of: #"Declared incident #[0-9]+"#, options: .regularExpression) else { return nil }
            return Int(body[range].dropFirst("Declared incident #".count))
        }
    }

    enum Failure: Error, CustomStringConvertible {
        case notHTTP(String)

        var description: String {
            switch self {
            case .notHTTP(let url): "no HTTP answer from \(url)"
            }
        }
    }

    let port: Int
    let session: URLSession

    init(port: Int, session: URLSession = .shared) {
        precondition((1...65535).contains(port), "a loopback port")
        self.port = port
        self.session = session
    }

    /// POSTs a signed `/incident` command to `/slack/commands`.
    func command(_ signed: SignedCommand) async throws -> Reply {
        var request = URLRequest(url: url("/slack/commands"))
        request.httpMethod = "POST"
        request.httpBody = Data(signed.body.utf8)
        for (name, value) in signed.headers { request.setValue(value, forHTTPHeaderField: name) }
        return try await send(request)
    }

    /// `/incident <text>`, signed now.
    func command(_ text: String, user: String = "U01PAYLEAD") async throws -> Reply {
        try await command(SignedCommand(text: text, user: user))
    }

    func get(_ path: String, timeout: TimeInterval = 5) async throws -> Reply {
        var request = URLRequest(url: url(path))
        request.timeoutInterval = timeout
        return try await send(request)
    }

    /// The number the next declared incident gets, minus one: how many incidents the database holds
    /// (numbers are `MAX(number) + 1`). Declares one more incident to find out.
    func storedIncidentsByProbe() async throws -> Int? {
        let reply = try await command("declare SEV2 search Counting probe")
        return reply.declaredIncident.map { $0 - 1 }
    }

    private func url(_ path: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)\(path)")!
    }

    private func send(_ request: URLRequest) async throws -> Reply {
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw Failure.notHTTP(request.url?.absoluteString ?? "?") }
        return Reply(status: http.statusCode, body: String(decoding: data, as: UTF8.self))
    }
}
