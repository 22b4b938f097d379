import Foundation
import Synchronization
import Testing
@testable import TocsinHTTP
@testable import TocsinSlack

/// The libcurl layer below the Web API client.
@Suite struct TransportTests {
    @Test func responseHeadersAndStatusAreCollected() async throws {
        let server = try LoopbackHTTPServer { _ in
            .json(#"{"ok":true}"#, status: 429, headers: [("Retry-After", "12"), ("X-Slack-Req-Id", "abc")])
        }
        defer { server.stop() }
        let transport = HTTPTransport(connectTimeout: 2, requestTimeout: 5)
        let response = try await transport.send(HTTPRequest(method: .get, url: server.baseURL + "auth.test"))
        #expect(response.status == 429)
        #expect(response.retryAfterSeconds == 12)
        #expect(response.header("x-slack-req-id") == "abc")
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"ok":true}"#)
        #expect(server.requests.first?.method == "GET")
    }

    @Test func postBodiesArriveIntactWithoutExpectContinue() async throws {
        let server = try LoopbackHTTPServer { _ in .json(#"{"ok":true}"#) }
        defer { server.stop() }
        let transport = HTTPTransport(connectTimeout: 2, requestTimeout: 5)
        let body = Array(String(repeating: "x", count: 100_000).utf8)
        _ = try await transport.send(HTTPRequest(method: .post, url: server.baseURL + "m", headers: [("X-Test", "1")], body: body))
        let request = try #require(server.requests.first)
        #expect(request.body == body)
        #expect(request.header("Expect") == nil)
        #expect(request.header("X-Test") == "1")
    }

    @Test func concurrentRequestsUseSeveralHandlesThenKeepThem() async throws {
        let server = try LoopbackHTTPServer { _ in
            var response = LoopbackHTTPServer.Response.json(#"{"ok":true}"#)
            response.delay = 0.1
            return response
        }
        defer { server.stop() }
        let transport = HTTPTransport(connectTimeout: 2, requestTimeout: 5, maxConcurrentRequests: 3)
        let url = server.baseURL + "m"
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<6 {
                group.addTask { try await transport.send(HTTPRequest(method: .get, url: url)).status }
            }
            for try await status in group { #expect(status == 200) }
        }
        #expect(server.requests.count == 6)
        #expect(server.connectionCount <= 3)
        #expect(transport.idleHandles <= 3)
    }

    @Test func blockingExecutorRunsWorkOnAtMostItsThreadsAndReturnsResults() async {
        let executor = BlockingExecutor(maxThreads: 2, name: "test-blocking")
        let threads = ThreadIDs()
        let results = await withTaskGroup(of: Int.self, returning: [Int].self) { group in
            for value in 0..<20 {
                group.addTask {
                    await executor.run { () -> Result<Int, Never> in
                        threads.recordCurrent()
                        return .success(value * 2)
                    }.get()
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.sorted() == (0..<20).map { $0 * 2 })
        #expect((1...2).contains(threads.count))
    }
}

/// The distinct threads that ran some work.
final class ThreadIDs: Sendable {
    private let ids = Mutex<Set<UInt>>([])

    func recordCurrent() {
        let id = UInt(bitPattern: Int(bitPattern: pthread_self()))
        ids.withLock { _ = $0.insert(id) }
    }

    var count: Int { ids.withLock { $0.count } }
}
