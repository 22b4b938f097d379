import Logging
import Synchronization
import Testing
@testable import TocsinApp
import TocsinCore
import TocsinTestSupport

/// A reply address that fails with the given errors, in order, then accepts; it reports each attempt.
final class ScriptedReplies: InteractionReplies {
    private let script: Mutex<[ChatError]>
    let attempts: AsyncStream<String>
    private let attempt: AsyncStream<String>.Continuation

    init(failing errors: [ChatError]) {
        script = Mutex(errors)
        (attempts, attempt) = AsyncStream.makeStream(of: String.self)
    }

    func reply(_ text: RichText, to address: String) async throws(ChatError) {
        let failure = script.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        attempt.yield(failure.map { "failed \($0.code)" } ?? "sent \(text) to \(address)")
        if let failure { throw failure }
    }
}

@Suite struct DeferredRepliesTests {
    static let logger: Logger = {
        var logger = Logger(label: "deferred-replies-tests")
        logger.logLevel = .critical
        return logger
    }()

    /// Runs the service with a reply address failing `errors` in turn; queues "first", waits for `before`
    /// attempts, queues "second", and returns every attempt up to the one that sent "second".
    static func attempts(before: Int, failing errors: [ChatError]) async throws -> [String] {
        let address = ScriptedReplies(failing: errors)
        let service = DeferredReplies(replies: address, chat: RecordingChat(), retryDelay: .milliseconds(1), logger: logger)
        let running = Task { try await service.run() }
        defer { running.cancel() }
        service.reply("first", to: "https://hooks.slack.com/actions/T1/1/a")
        var seen: [String] = []
        for await attempt in address.attempts {
            seen.append(attempt)
            if seen.count == before { service.reply("second", to: "https://hooks.slack.com/actions/T1/1/b") }
            if attempt.hasPrefix("sent second") { break }
        }
        return seen
    }

    @Test func aTransientFailureIsRetriedOnce() async throws {
        #expect(try await Self.attempts(before: 2, failing: [.transient("timeout")]) == [
            "failed transient", "sent first to https://hooks.slack.com/actions/T1/1/a", "sent second to https://hooks.slack.com/actions/T1/1/b",
        ])
    }

    @Test func aPermanentFailureIsNotRetried() async throws {
        #expect(try await Self.attempts(before: 1, failing: [.permanent("expired_url")]) == [
            "failed expired_url", "sent second to https://hooks.slack.com/actions/T1/1/b",
        ])
    }

    @Test func aSecondTransientFailureDropsTheReply() async throws {
        #expect(try await Self.attempts(before: 2, failing: [.transient("timeout"), .transient("timeout")]) == [
            "failed transient", "failed transient", "sent second to https://hooks.slack.com/actions/T1/1/b",
        ])
    }
}
