import Foundation
import Logging
import Metrics
import ServiceLifecycle
import TocsinCore

/// Replies sent after the request that caused them was acknowledged: a click's answer through its reply
/// address, and the thread reply to a mention. Slack wants its requests answered within 3 seconds and shows
/// nothing of a click's acknowledgement body, so these go out afterwards, from this service.
///
/// They are worth little once stale, so they live in memory, not in the outbox: each is tried once more
/// after a transient failure and otherwise logged and dropped; a shutdown drops those not yet sent.
public struct DeferredReplies: Service {
    enum Job: Sendable {
        case interaction(text: RichText, address: String)
        case threadReply(OutgoingMessage, channelID: String)
        /// A message only `userID` sees in `channelID`, composed when its turn comes (composing may ask the
        /// platform things, which must not hold up the acknowledgement); nil from `compose` sends nothing.
        case ephemeral(channelID: String, userID: String, compose: @Sendable () async -> OutgoingMessage?)
    }

    /// The longest rate-limit wait worth honouring for a reply; longer ones drop it.
    static let longestRateLimitWait: Double = 10

    private let jobs: AsyncStream<Job>
    private let queue: AsyncStream<Job>.Continuation
    let replies: any InteractionReplies
    let chat: any ChatAPI
    let logger: Logger
    /// How long to wait before the one retry after a transient failure.
    let retryDelay: Duration
    private let failed = Counter(label: "tocsin_deferred_replies_failed_total")

    public init(replies: any InteractionReplies, chat: any ChatAPI, retryDelay: Duration = .seconds(1), logger: Logger) {
        (jobs, queue) = AsyncStream.makeStream(of: Job.self, bufferingPolicy: .bufferingNewest(1_000))
        self.retryDelay = retryDelay
        self.replies = replies
        self.chat = chat
        self.logger = logger
    }

    /// Queues `text` for the person whose click gave `address`; returns at once.
    public func reply(_ text: RichText, to address: String) {
        queue.yield(.interaction(text: text, address: address))
    }

    /// Queues a message to post in `channelID` (a thread reply when it has a `threadTS`); returns at once.
    public func post(_ message: OutgoingMessage, channelID: String) {
        queue.yield(.threadReply(message, channelID: channelID))
    }

    /// Queues a message for `userID` alone in `channelID`, composed by `compose` when it is sent; returns at once.
    public func postEphemeral(channelID: String, userID: String, compose: @escaping @Sendable () async -> OutgoingMessage?) {
        queue.yield(.ephemeral(channelID: channelID, userID: userID, compose: compose))
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            for await job in jobs.cancelOnGracefulShutdown() {
                group.addTask { await send(job) }
            }
        }
    }

    private func send(_ job: Job) async {
        var composed: OutgoingMessage?
        if case .ephemeral(_, _, let compose) = job {
            composed = await compose()
            guard composed != nil else { return }
        }
        var attempt = 1
        while true {
            do {
                switch job {
                case .interaction(let text, let address):
                    try await replies.reply(text, to: address)
                case .threadReply(let message, let channelID):
                    _ = try await chat.postMessage(message, channelID: channelID)
                case .ephemeral(let channelID, let userID, _):
                    if let composed { try await chat.postEphemeral(composed, channelID: channelID, userID: userID) }
                }
                return
            } catch {
                let wait: Duration? = switch error.retry {
                case .after(let seconds) where seconds <= Self.longestRateLimitWait: .milliseconds(Int(seconds * 1000))
                case .withBackoff: retryDelay
                case .after, .whenCredentialsWork, .never: nil
                }
                guard attempt == 1, let wait else {
                    failed.increment()
                    logger.warning("a reply could not be sent and is dropped", metadata: ["kind": "\(job.kind)", "reason": "\(error.code)"])
                    return
                }
                attempt += 1
                try? await Task.sleep(for: wait)
            }
        }
    }
}

extension DeferredReplies.Job {
    /// For logs: what kind of reply, without its text or address (a reply address is a credential).
    var kind: String {
        switch self {
        case .interaction: "interaction"
        case .threadReply: "thread_reply"
        case .ephemeral: "ephemeral"
        }
    }
}
