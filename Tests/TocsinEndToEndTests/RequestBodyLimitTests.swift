import Foundation
import Testing
import TocsinServer

/// Bodies that arrive too slowly, and more unverified bodies than the memory budget holds, over loopback.
@Suite struct RequestBodyLimitTests {
    @Test func aSlowBodyGets408AndUnverifiedBodiesShareABoundedBudget() async throws {
        let limits = IngressLimits(
            maxConnections: 64, idleTimeout: .seconds(30), bodyTimeout: .seconds(1), maxBodyBytes: 64 * 1024, unverifiedBodyBudget: 100 * 1024
        )
        try await Harness.withSandbox { harness in
            try await harness.withBot(limits: limits) { bot in
                let port = try #require(bot.client.port)
                // Two clients announce 60 KB each with plausible headers and then send next to nothing: the
                // first to be read takes 60 KB of the 100 KB budget; the other is refused at once.
                let answers = await onOwnThread { () -> [(status: Int, closedByPeer: Bool, text: String)] in
                    let now = Int(Date().timeIntervalSince1970)
                    let connections = (0..<2).compactMap { _ in try? RawConnection(port: port) }
                    for connection in connections {
                        connection.write(RawConnection.head(path: "/slack/commands", contentLength: 60_000, timestamp: now))
                        connection.write("token=x")
                    }
                    return connections.map { $0.responseStatus(timeout: 5) }
                }
                #expect(answers.map(\.status).sorted() == [408, 503])
                #expect(answers.allSatisfy { $0.closedByPeer })
                let busy = answers.first { $0.status == 503 }?.text ?? ""
                #expect(busy.lowercased().contains("retry-after: 1"))

                // The slow body's share was given back: a signed command goes through.
                let list = try await bot.command("list")
                #expect(list.text.hasPrefix("No active incidents"))

            }
        }
    }

    @Test func slacksUnsignedCertificateCheckIsStillAnsweredWhenHeadersAreCheckedFirst() async throws {
        try await Harness.withSandbox { harness in
            try await harness.withBot { bot in
                // Slack's ssl_check comes without signature headers; only the commands URL answers it.
                let check = "ssl_check=1&token=gIkuvaNzQIHg97ATvDxqgjtO"
                let command = try await bot.post("/slack/commands", body: check, contentType: "application/x-www-form-urlencoded", signed: false)
                #expect(command.status == .ok)
                #expect(command.body.isEmpty)
                let event = try await bot.post("/slack/events", body: check, contentType: "application/x-www-form-urlencoded", signed: false)
                #expect(event.status == .unauthorized)
            }
        }
    }

    @Test func aBodyLargerThanItsLimitGets413EvenWithoutContentLength() async throws {
        let limits = IngressLimits(maxBodyBytes: 4 * 1024)
        try await Harness.withSandbox { harness in
            try await harness.withBot(limits: limits) { bot in
                let large = String(repeating: "a", count: 5 * 1024)
                let announced = try await bot.post("/slack/commands", body: large, contentType: "application/x-www-form-urlencoded")
                #expect(announced.status == .contentTooLarge)
                let port = try #require(bot.client.port)
                let chunked = await onOwnThread { () -> Int in
                    guard let connection = try? RawConnection(port: port) else { return 0 }
                    let now = Int(Date().timeIntervalSince1970)
                    let head = RawConnection.head(path: "/slack/events", contentLength: 0, timestamp: now)
                        .replacingOccurrences(of: "Content-Length: 0", with: "Transfer-Encoding: chunked")
                    connection.write(head + "1400\r\n" + large + "\r\n0\r\n\r\n")
                    return connection.responseStatus(timeout: 5).status
                }
                #expect(chunked == 413)
            }
        }
    }
}
