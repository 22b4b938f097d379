import Foundation
import Testing
import TocsinSandbox

/// Delivery against a workspace that fails, times out and rate-limits: every effect lands exactly once, in order.
@Suite struct DeliveryFaultTests {
    static let channelName = DeclareFlowTests.channelName

    static func assertDeliveredOnce(_ harness: Harness) async throws {
        let workspace = harness.workspace
        #expect(await workspace.channels().filter { $0.name.hasPrefix("inc-") }.map(\.name) == [channelName])
        let channel = try #require(await workspace.channel(named: channelName))
        #expect(Set(channel.members) == [harness.seed.botUserID, "U05EXEC", "U01PAYLEAD", "U02ONCALL1", "U03ONCALL2"])
        #expect(channel.topic.hasPrefix("SEV1 · declared"))
        #expect(await workspace.messages(inChannel: channel.id).count == 1)
        for ring in ["payments", "incidents", "exec-incidents"] {
            let ringChannel = try #require(await workspace.channel(named: ring))
            #expect(await workspace.messages(inChannel: ringChannel.id).count == 1, "#\(ring)")
        }
    }

    @Test func timeoutsAfterTheEffectHappenedAreReconciledNotRepeated() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            // The workspace does the work but answers after the client has given up. The client's timeout leaves
            // every other call a second and a half, so a loaded machine does not time out calls the test did not hang.
            await workspace.injectFailure(method: "conversations.create", failure: .hang(seconds: 2.2), times: 1)
            await workspace.injectFailure(method: "chat.postMessage", failure: .hang(seconds: 2.2), times: 2)
            try await harness.withBot(apiTimeout: 1.5) { bot in
                _ = try await bot.command("declare SEV1 checkout Card payments failing", user: "U05EXEC")
                #expect(await DeclareFlowTests.waitForDelivery(harness))
                // Any wrongly repeated call has landed once delivery has come to rest.
                #expect(try await harness.settled())
            }
            try await Self.assertDeliveredOnce(harness)
            let creates = await workspace.calls().filter { $0.method == "conversations.create" }
            #expect(creates.count == 2)
            #expect(creates.last?.error == "name_taken")
            #expect(await workspace.calls().contains { $0.method == "conversations.history" })
        }
    }

    @Test func serverErrorsAndRateLimitsAreRetriedAndRetryAfterIsObeyed() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            await workspace.injectFailure(method: "conversations.invite", failure: .httpStatus(503), times: 2)
            await workspace.injectFailure(method: "conversations.setTopic", failure: .slackError("internal_error"), times: 1)
            await workspace.injectFailure(method: "chat.postMessage", failure: .rateLimited(retryAfter: 1), times: 1)
            try await harness.withBot { bot in
                _ = try await bot.command("declare SEV1 checkout Card payments failing", user: "U05EXEC")
                #expect(await DeclareFlowTests.waitForDelivery(harness))
                // The commander's briefing may be the post that was limited: it is delivered too before the bot stops.
                #expect(await harness.eventually { await !$0.directMessages(with: "U05EXEC").isEmpty })
            }
            try await Self.assertDeliveredOnce(harness)
            let calls = await workspace.calls()
            let limited = try #require(calls.first { $0.httpStatus == 429 })
            #expect(calls.filter { $0.httpStatus == 429 }.count == 1)
            // No call to the limited bucket (chat.postMessage in that channel) before Retry-After expired.
            let sameBucket = calls.filter { $0.method == "chat.postMessage" && $0.params["channel"] == limited.params["channel"] && $0.time > limited.time }
            #expect(sameBucket.allSatisfy { $0.time.timeIntervalSince(limited.time) >= 0.99 })
            #expect(!sameBucket.isEmpty)
        }
    }

    @Test func aPermanentErrorIsRecordedAndDoesNotStopTheOtherRings() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            await workspace.injectFailure(method: "conversations.setTopic", failure: .slackError("restricted_action"), times: 1)
            try await harness.withBot { bot in
                _ = try await bot.command("declare SEV1 checkout Card payments failing", user: "U05EXEC")
                #expect(await DeclareFlowTests.waitForDelivery(harness))
            }
            let channel = try #require(await workspace.channel(named: Self.channelName))
            #expect(channel.topic.isEmpty)
            #expect(await workspace.messages(inChannel: channel.id).count == 1)
            #expect(await workspace.calls().filter { $0.method == "conversations.setTopic" }.count == 1)
        }
    }
}
