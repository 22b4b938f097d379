import Foundation
import Logging
import TocsinSandbox

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The sandbox's page routes (`/sandbox/…`) on a second sandbox server that shares the harness's workspace and
/// whose console sends to the bot under test, signed as Slack signs: what a person does in Slack, end to end.
struct SandboxConsole: Sendable {
    let baseURL: String

    /// POSTs `fields` as JSON to `/sandbox/<route>` and returns the answer's JSON object.
    func send(_ route: String, _ fields: [String: Any] = [:]) async throws -> [String: Any] {
        var request = URLRequest(url: URL(string: baseURL + "/sandbox/" + route)!, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: fields)
        let (data, _) = try await URLSession.shared.data(for: request)
        return (try JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    /// Types `text` in the page's box as `user` (id or name) in `channel` (id or name), in a thread when
    /// `thread` is given; the sandbox sends it on as Slack's composer would (for a slash command, `reply` is the
    /// bot's reply as Slack received it).
    func type(_ text: String, as user: String, in channel: String, thread: String? = nil) async throws -> [String: Any] {
        var fields: [String: Any] = ["user": user, "channel": channel, "text": text]
        if let thread { fields["thread_ts"] = thread }
        return try await send("command", fields)
    }
}

extension Harness {
    /// Runs `body` with a console connected to `bot` (a bot started with `withBot`).
    func withConsole<T: Sendable>(to bot: BotClient, _ body: @Sendable (SandboxConsole) async throws -> T) async throws -> T {
        guard let botPort = bot.client.port else { throw HarnessError.sandboxDidNotStart }
        var logger = Logger(label: "sandbox-console")
        logger.logLevel = .warning
        let server = SandboxServer(
            workspace: workspace, host: "127.0.0.1", port: 0, botCommandURL: "http://127.0.0.1:\(botPort)/slack/commands",
            signingSecret: Harness.signingSecret, logger: logger
        )
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await server.run { port in continuation.yield(port) }
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw HarnessError.sandboxDidNotStart }
            let result = try await body(SandboxConsole(baseURL: "http://127.0.0.1:\(port)"))
            group.cancelAll()
            return result
        }
    }
}
