import Foundation
import Testing

@testable import TocsinSandbox
import TocsinTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("Rate limits, latency and injected failures")
struct FaultTests {
    @Test func postMessageIsLimitedPerChannel() async throws {
        try await Sandbox.with { sandbox in
            let id = try await sandbox.createChannel("inc-rl")
            let other = try await sandbox.createChannel("inc-rl-2")
            // Time stands still, so however slowly the calls go no token is refilled in between.
            let frozen = Date()
            await sandbox.workspace.setRateLimitsEnabled(true, clock: { frozen })
            for index in 1...3 {
                #expect(try await sandbox.post(id, "burst \(index)").ok)
            }
            let limited = try await sandbox.post(id, "one too many")
            #expect(limited.status == 429)
            #expect(limited.error == "ratelimited")
            let retryAfter = try #require(limited.headers["retry-after"].flatMap(Int.init))
            #expect(retryAfter >= 1)
            #expect(await sandbox.workspace.messages(inChannel: id).count == 3)
            // Another channel has its own budget; the name counts as the same channel as the id.
            #expect(try await sandbox.post(other, "elsewhere").ok)
            #expect(try await sandbox.post("inc-rl", "by name").status == 429)
            let last = try #require(await sandbox.workspace.calls().last)
            #expect(last.httpStatus == 429 && last.error == "ratelimited" && last.method == "chat.postMessage")
        }
    }

    @Test func tieredMethodsUseASlidingMinute() async throws {
        try await Sandbox.with { sandbox in
            await sandbox.workspace.setRateLimitsEnabled(true)
            for index in 1...20 {
                #expect(try await sandbox.call("conversations.create", ["name": "inc-t\(index)"]).ok)
            }
            let limited = try await sandbox.call("conversations.create", ["name": "inc-t21"])
            #expect(limited.status == 429)
            #expect(limited.body == #"{"ok":false,"error":"ratelimited"}"#)
            #expect((limited.headers["retry-after"].flatMap(Int.init) ?? 0) >= 1)
            #expect(await sandbox.workspace.channel(named: "inc-t21") == nil)
            // Other methods keep their own budgets.
            #expect(try await sandbox.call("auth.test").ok)
            await sandbox.workspace.setRateLimitsEnabled(false)
            #expect(try await sandbox.call("conversations.create", ["name": "inc-t21"]).ok)
        }
    }

    @Test func injectedSlackErrorsAreCountedAndHaveNoEffect() async throws {
        try await Sandbox.with { sandbox in
            let id = try await sandbox.createChannel("inc-f1")
            await sandbox.workspace.injectFailure(method: "chat.postMessage", failure: .slackError("internal_error"), times: 2)
            #expect(try await sandbox.post(id, "1").error == "internal_error")
            #expect(try await sandbox.post(id, "2").error == "internal_error")
            #expect(try await sandbox.post(id, "3").ok)
            #expect(await sandbox.workspace.messages(inChannel: id).map(\.text) == ["3"])
            let posts = await sandbox.workspace.calls().filter { $0.method == "chat.postMessage" }
            #expect(posts.map(\.error) == ["internal_error", "internal_error", nil])
            #expect(posts.map { $0.params["text"] } == ["1", "2", "3"])
        }
    }

    @Test func injectedServerErrorIsAnHTMLPage() async throws {
        try await Sandbox.with { sandbox in
            await sandbox.workspace.injectFailure(method: "conversations.create", failure: .httpStatus(503), times: 1)
            let failed = try await sandbox.call("conversations.create", ["name": "inc-f2"])
            #expect(failed.status == 503)
            #expect(failed.headers["content-type"]?.hasPrefix("text/html") == true)
            #expect(failed.body.contains("Server Error | Slack"))
            #expect(failed.json == nil)
            #expect(await sandbox.workspace.channel(named: "inc-f2") == nil)
            #expect(try await sandbox.call("conversations.create", ["name": "inc-f2"]).ok)
            #expect(await sandbox.workspace.calls().map(\.httpStatus) == [503, 200])
        }
    }

    @Test func injectedRateLimit() async throws {
        try await Sandbox.with { sandbox in
            await sandbox.workspace.injectFailure(method: "auth.test", failure: .rateLimited(retryAfter: 7), times: 1)
            let limited = try await sandbox.call("auth.test")
            #expect(limited.status == 429)
            #expect(limited.headers["retry-after"] == "7")
            #expect(limited.error == "ratelimited")
            #expect(try await sandbox.call("auth.test").ok)
        }
    }

    @Test func hangDelaysThenStillApplies() async throws {
        try await Sandbox.with { sandbox in
            let id = try await sandbox.createChannel("inc-hang")
            await sandbox.workspace.injectFailure(method: "chat.postMessage", failure: .hang(seconds: 2), times: 1)
            // The client gives up first, yet the message is posted: a timeout does not mean "not done".
            var request = URLRequest(url: URL(string: sandbox.baseURL + "/api/chat.postMessage")!)
            request.httpMethod = "POST"
            request.setValue("Bearer \(Sandbox.token)", forHTTPHeaderField: "Authorization")
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data("channel=\(id)&text=slow".utf8)
            let client = Task { [request] in try await URLSession.shared.data(for: request) }
            #expect(await eventually { await sandbox.workspace.callsInProgress() == 1 }, "the call reached the workspace")
            #expect(await sandbox.workspace.messages(inChannel: id).isEmpty, "not applied while it hangs")
            client.cancel()
            await #expect(throws: (any Error).self) { _ = try await client.value }
            #expect(await eventually { await sandbox.workspace.callsInProgress() == 0 })
            #expect(await sandbox.workspace.messages(inChannel: id).map(\.text) == ["slow"])
        }
    }

    @Test func latencyDelaysEveryAnswer() async throws {
        try await Sandbox.with { sandbox in
            await sandbox.workspace.setLatency(0.25)
            let started = Date()
            let answer = try await sandbox.call("auth.test")
            #expect(answer.ok)
            #expect(Date().timeIntervalSince(started) >= 0.25)
            await sandbox.workspace.setLatency(0)
            await sandbox.workspace.resetCalls()
            #expect(await sandbox.workspace.calls().isEmpty)
        }
    }
}
