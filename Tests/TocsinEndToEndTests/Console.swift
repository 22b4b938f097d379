import Foundation
import Logging
import TocsinSandbox
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The sandbox page's command box, pointed at a running bot: tests type as a person would, and the
/// sandbox sends the bot what Slack would (escaped text, mentions, signed requests, events).
struct Console: Sendable {
    let baseURL: String

    /// Types `text` as `user` (id or name) in `channel` (id or name), in a thread when `thread` is given;
    /// returns the console's answer (for a slash command, `reply` is the bot's reply as Slack received it).
    func type(_ text: String, as user: String, in channel: String, thread: String? = nil) async throws -> [String: Any] {
        var input: [String: Any] = ["user": user, "channel": channel, "text": text]
        if let thread { input["thread_ts"] = thread }
        var request = URLRequest(url: URL(string: baseURL + "/sandbox/command")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: input)
        let (data, _) = try await URLSession.shared.data(for: request)
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }
}

extension Harness {
    /// Runs `body` with a console for this harness's workspace that sends commands, clicks and events to `bot`.
    func withConsole<T: Sendable>(for bot: BotClient, _ body: @Sendable (Console) async throws -> T) async throws -> T {
        guard let botPort = bot.client.port else { throw HarnessError.sandboxDidNotStart }
        var logger = Logger(label: "console")
        logger.logLevel = .warning
        let server = SandboxServer(
            workspace: workspace, host: "127.0.0.1", port: 0, botCommandURL: "http://127.0.0.1:\(botPort)/slack/commands",
            signingSecret: Self.signingSecret, logger: logger
        )
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await server.run { port in portContinuation.yield(port) }
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw HarnessError.sandboxDidNotStart }
            let result = try await body(Console(baseURL: "http://127.0.0.1:\(port)"))
            group.cancelAll()
            return result
        }
    }
}
