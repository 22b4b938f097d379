import Foundation
import Testing
import TocsinApp

/// The real `tocsin serve` binary under hostile connection patterns: too many idle sockets for its open-file
/// limit, and many unauthenticated requests announcing large bodies. It must refuse, not crash or bloat.
@Suite(.serialized) struct ResourceLimitTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-limits-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    private func startBot(arguments: [String] = [], openFileLimit: Int? = nil) async throws -> BotProcess {
        let config = directory.appendingPathComponent("tocsin.yml").path
        try DefaultConfiguration.yaml.write(toFile: config, atomically: true, encoding: .utf8)
        let database = directory.appendingPathComponent("limits-\(UUID().uuidString).sqlite").path
        return try await BotProcess.launch(
            apiURL: "http://127.0.0.1:9/api/", database: database, config: config, arguments: arguments, openFileLimit: openFileLimit
        )
    }

    /// `GET /healthz` on a fresh connection: its status, or 0 when no answer came within `timeout`.
    private static func health(port: Int, timeout: Double) -> Int {
        guard let connection = try? RawConnection(port: port) else { return 0 }
        connection.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        return connection.responseStatus(timeout: timeout).status
    }

    @Test func moreIdleConnectionsThanTheOpenFileLimitAreMadeToWaitAndTheBotKeepsRunning() async throws {
        let bot = try await startBot(arguments: ["--idle-timeout", "2"], openFileLimit: 128)
        defer { bot.stop() }
        let port = bot.port
        #expect(bot.log.contains("max_connections=48"), "the default cap is derived from the limit of 128 open files")

        let held = await onOwnThread { () -> (opened: Int, firstClosed: Bool, laterClosed: Bool, seconds: Double) in
            let connections = (0..<200).compactMap { _ in try? RawConnection(port: port) }
            let start = Date()
            // The first connections are accepted at once and closed by the server once idle for 2 s; the ones
            // queued behind the cap are then accepted in turn, and closed when idle in their turn.
            let firstClosed = connections.first?.receive(timeout: 10).closedByPeer ?? false
            let laterClosed = connections.count > 120 ? connections[120].receive(timeout: 20).closedByPeer : false
            let seconds = Date().timeIntervalSince(start)
            connections.forEach { $0.disconnect() }
            return (connections.count, firstClosed, laterClosed, seconds)
        }
        #expect(held.opened == 200)
        #expect(held.firstClosed, "an idle connection is closed by the server after the idle timeout")
        #expect(held.laterClosed, "connections waiting behind the cap are served once others close")
        #expect(held.seconds < 25)
        #expect(bot.process.isRunning)

        let status = await onOwnThread { Self.health(port: port, timeout: 10) }
        #expect(status == 200, "/healthz answers once the connections are gone")
        #expect(bot.process.isRunning)
        #expect(bot.everythingPrinted.contains("connection limit reached"))
    }

    @Test func aConnectionCapTheOpenFileLimitCannotHoldIsRefusedAtStart() throws {
        let config = directory.appendingPathComponent("tocsin.yml").path
        try DefaultConfiguration.yaml.write(toFile: config, atomically: true, encoding: .utf8)
        let secrets = ["SLACK_BOT_TOKEN": "xoxb-x", "SLACK_SIGNING_SECRET": "s", "TOCSIN_SLACK_API_URL": "http://127.0.0.1:9/api/"]
        let tooMany = try CommandLineTests.run(["serve", "--config", config, "--port", "0", "--max-connections", "100000000"], environment: secrets)
        #expect(tooMany.status != 0)
        #expect(tooMany.errors.contains("--max-connections 100000000 does not fit the open-file limit"))
        let noIdle = try CommandLineTests.run(["serve", "--config", config, "--port", "0", "--idle-timeout", "0"], environment: secrets)
        #expect(noIdle.status != 0)
        #expect(noIdle.errors.contains("--idle-timeout 0 is out of range"))
    }

    @Test func largeUnsignedBodiesAreRefusedFromTheirHeadersWithoutGrowingMemory() async throws {
        let bot = try await startBot()
        defer { bot.stop() }
        let port = bot.port
        let pid = bot.process.processIdentifier
        _ = await onOwnThread { Self.health(port: port, timeout: 5) }
        let before = try #require(residentBytes(of: pid))

        // 300 clients each announce and push 1 MiB behind a stale timestamp, all connected at once.
        let during = await onOwnThread { () -> Int? in
            let stale = Int(Date().timeIntervalSince1970) - 600
            let megabyte = [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20)
            let connections = (0..<300).compactMap { _ in try? RawConnection(port: port) }
            for connection in connections {
                connection.write(RawConnection.head(path: "/slack/events", contentLength: megabyte.count, timestamp: stale))
                connection.write(megabyte, timeout: 0.2)
            }
            let resident = residentBytes(of: pid)
            connections.forEach { $0.disconnect() }
            return resident
        }
        let grown = try #require(during) - before
        #expect(grown < 50 << 20, "resident memory grew by \(grown >> 20) MB")

        // What each such client is told, before it sends a byte of its body.
        let answers = await onOwnThread { () -> [(status: Int, closedByPeer: Bool, text: String)] in
            let now = Int(Date().timeIntervalSince1970)
            let heads = [
                RawConnection.head(path: "/slack/events", contentLength: 1 << 20, timestamp: now - 600),
                RawConnection.head(path: "/slack/commands", contentLength: 1 << 20, timestamp: now + 600),
                "POST /slack/interactions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1048576\r\n\r\n",
                RawConnection.head(path: "/slack/events", contentLength: 10 << 20, timestamp: now),
            ]
            return heads.map { head in
                guard let connection = try? RawConnection(port: port) else { return (0, false, "") }
                connection.write(head)
                return connection.responseStatus(timeout: 3)
            }
        }
        #expect(answers.map(\.status) == [401, 401, 401, 413])
        #expect(answers.allSatisfy { $0.closedByPeer }, "the connection is closed rather than its body drained")
        #expect(answers[3].text.contains("Request body too large"))

        #expect(bot.process.isRunning)
        let metrics = await onOwnThread { () -> String in
            guard let connection = try? RawConnection(port: port) else { return "" }
            connection.write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            return connection.responseStatus(timeout: 5).text
        }
        let refusedForSignature = metrics.split(separator: "\n")
            .first { $0.hasPrefix(#"tocsin_requests_rejected_total{reason="signature"}"#) }
            .flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
        #expect(refusedForSignature >= 303, "every refusal is counted in the metrics")
        #expect(metrics.contains(#"tocsin_requests_rejected_total{reason="too_large"} 1"#))
        let refusalLines = bot.everythingPrinted.components(separatedBy: "request refused").count - 1
        #expect((1...3).contains(refusalLines), "\(refusalLines) log lines for 303 refusals")
    }
}
