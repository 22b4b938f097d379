import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import TocsinApp
import TocsinCore
import TocsinSandbox
import TocsinServer
import TocsinTestSupport
import Testing

/// A sandbox workspace on one loopback port and, for each `withBot`, the real Tocsin application
/// on another, calling the workspace through its libcurl client.
struct Harness {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let signingSecret = "8f742231b10e8888abcd99yyyzzz85a5"

    let workspace: SandboxWorkspace
    let sandboxPort: Int
    let databasePath: String
    let seed: SandboxSeed

    /// Runs `body` with a sandbox workspace serving on a free loopback port.
    static func withSandbox<T: Sendable>(seed: SandboxSeed = .demo, _ body: @Sendable (Harness) async throws -> T) async throws -> T {
        let workspace = SandboxWorkspace(seed: seed)
        var logger = Logger(label: "sandbox")
        logger.logLevel = .warning
        let server = SandboxServer(workspace: workspace, host: "127.0.0.1", port: 0, logger: logger)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let databasePath = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-e2e-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }
        }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await server.run { port in portContinuation.yield(port) }
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw HarnessError.sandboxDidNotStart }
            let harness = Harness(workspace: workspace, sandboxPort: port, databasePath: databasePath, seed: seed)
            let result = try await body(harness)
            group.cancelAll()
            return result
        }
    }

    /// Runs `body` against a freshly built bot on a free loopback port, then shuts the bot down gracefully.
    func withBot<T: Sendable>(
        delivery: DeliveryService.Settings = DeliveryService.Settings(idlePoll: .milliseconds(100), initialBackoff: 0.05, maxBackoff: 0.5),
        now: @escaping @Sendable () -> Date = Date.init,
        apiTimeout: Double = 20,
        configuration yaml: String = DefaultConfiguration.yaml,
        trackerToken: String? = nil,
        limits: IngressLimits = IngressLimits(),
        socketModeAppToken: String? = nil,
        hookToken: String? = nil,
        pagerKeys: [String: String] = [:],
        _ body: @Sendable (BotClient) async throws -> T
    ) async throws -> T {
        let loaded = try ConfigurationLoader.parse(yaml)
        let catalog = try CommandCatalogLoader.load(path: Self.repository.appendingPathComponent("commands/incident.yml").path)
        var settings = ServerSettings(
            host: "127.0.0.1", port: 0, databasePath: databasePath, configuration: loaded.configuration, catalog: catalog,
            templatesDirectory: Self.repository.appendingPathComponent("templates").path,
            apiURL: "http://127.0.0.1:\(sandboxPort)/api/", botToken: seed.botToken, signingSecret: Self.signingSecret,
            delivery: delivery, reminderInterval: .milliseconds(50), apiTimeout: apiTimeout, trackerToken: trackerToken, now: now,
            limits: limits
        )
        settings.socketModeAppToken = socketModeAppToken
        settings.hookToken = hookToken
        settings.pagerKeys = pagerKeys
        // Every line the bot logs, at trace level, is scanned for its secrets (issue #10).
        let leaks = PrintedText()
        let secrets = [seed.botToken, Self.signingSecret, trackerToken ?? "", socketModeAppToken ?? "", hookToken ?? ""] + Array(pagerKeys.values)
        var logger = Logger(label: "tocsin") { label in SecretScanningLogHandler(label: label, secrets: secrets, leaks: leaks) }
        logger.logLevel = .trace
        let app = try buildApplication(settings, logger: logger)
        let result = try await app.test(.live) { client in
            try await body(BotClient(client: client))
        }
        #expect(leaks.text.isEmpty, "the bot logged a secret:\n\(leaks.text)")
        return result
    }

    /// Waits (polling, at most `timeout`) until `condition` holds; returns whether it did.
    func eventually(timeout: Duration = .seconds(10), _ condition: @Sendable (SandboxWorkspace) async -> Bool) async -> Bool {
        await TocsinTestSupport.eventually(timeout: timeout) { await condition(workspace) }
    }
}

enum HarnessError: Error { case sandboxDidNotStart }

/// Speaks to the bot over loopback the way Slack does: signed form and JSON bodies.
struct BotClient: Sendable {
    let client: any TestClientProtocol

    struct Reply: Sendable {
        var status: HTTPResponse.Status
        var body: String
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }
        var text: String { json["text"] as? String ?? "" }
    }

    /// A slash command from `user` in `channel`, as Slack encodes it.
    func command(
        _ text: String, user: String = "U05EXEC", channel: String = "C0GENERAL",
        triggerID: String = "\(Int.random(in: 1_000_000...9_999_999)).\(Int.random(in: 1_000_000...9_999_999)).\(UUID().uuidString.prefix(8).lowercased())"
    ) async throws -> Reply {
        try await post("/slack/commands", body: Self.commandForm(text, user: user, channel: channel, triggerID: triggerID), contentType: "application/x-www-form-urlencoded")
    }

    /// The form body Slack sends for `/incident <text>` typed by `user` in `channel`.
    static func commandForm(_ text: String, user: String, channel: String, triggerID: String) -> String {
        SlashCommandForm(text: text, userID: user, channelID: channel, triggerID: triggerID).encoded
    }

    /// POSTs `body`, signed with `secret` at `timestamp` unless `signed` is false.
    func post(
        _ path: String, body: String, contentType: String, signed: Bool = true, secret: String = Harness.signingSecret,
        timestamp: Int = Int(Date().timeIntervalSince1970), signatureBody: String? = nil
    ) async throws -> Reply {
        var headers: HTTPFields = [.contentType: contentType]
        if signed {
            headers[HTTPField.Name("X-Slack-Request-Timestamp")!] = String(timestamp)
            headers[HTTPField.Name("X-Slack-Signature")!] = RequestSigning.signature(secret: secret, timestamp: timestamp, body: signatureBody ?? body)
        }
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
            Reply(status: response.status, body: String(buffer: response.body))
        }
    }

    /// POSTs a JSON body to an alert hook with `token` as the bearer token (none when nil).
    func hook(_ path: String, json: String, token: String?) async throws -> Reply {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: json)) { response in
            Reply(status: response.status, body: String(buffer: response.body))
        }
    }

    func get(_ path: String) async throws -> Reply {
        try await client.execute(uri: path, method: .get) { response in
            Reply(status: response.status, body: String(buffer: response.body))
        }
    }
}
