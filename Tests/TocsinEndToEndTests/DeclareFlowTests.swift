import Foundation
import Testing
import TocsinSandbox

/// `/incident declare` end to end: the real bot on loopback, its libcurl client, the sandbox workspace.
@Suite(.serialized) struct DeclareFlowTests {
    static let channelName = "inc-1-checkout-card-payments-failing"
    static let declarer = "U05EXEC"

    /// Waits for the whole declaration to be delivered: the channel and every ring's message.
    static func waitForDelivery(_ harness: Harness, channel: String = channelName, timeout: Duration = .seconds(10)) async -> Bool {
        await harness.eventually(timeout: timeout) { workspace in
            guard let incident = await workspace.channel(named: channel) else { return false }
            guard await !workspace.messages(inChannel: incident.id).isEmpty else { return false }
            for ring in ["payments", "incidents", "exec-incidents"] {
                guard let ringChannel = await workspace.channel(named: ring), await !workspace.messages(inChannel: ringChannel.id).isEmpty else { return false }
            }
            return true
        }
    }

    @Test func declaringOpensTheChannelInvitesRespondersAndTellsEveryRing() async throws {
        try await Harness.withSandbox { harness in
            try await harness.withBot { bot in
                let reply = try await bot.command("declare SEV1 checkout Card payments failing", user: Self.declarer)
                #expect(reply.status == .ok)
                #expect(reply.json["response_type"] as? String == "ephemeral")
                #expect(reply.text.contains("Declared incident #1, SEV1 on checkout (tier 1): Card payments failing"))
                #expect(await Self.waitForDelivery(harness))
            }
            let workspace = harness.workspace
            let channel = try #require(await workspace.channel(named: Self.channelName))
            #expect(channel.creator == harness.seed.botUserID)
            // The bot, the declarer, the service's responder and the expanded @payments-oncall group.
            #expect(Set(channel.members) == [harness.seed.botUserID, Self.declarer, "U01PAYLEAD", "U02ONCALL1", "U03ONCALL2"])
            #expect(channel.topic == "SEV1 · declared · Card payments failing", "a topic shows markup literally, so it holds none")

            let welcome = try #require(await workspace.messages(inChannel: channel.id).first)
            #expect(await workspace.messages(inChannel: channel.id).count == 1)
            #expect(welcome.user == harness.seed.botUserID)
            #expect(welcome.text.contains("Incident #1: Card payments failing"))
            let blocks = try #require(welcome.blocksJSON)
            for fact in ["SEV1 (Major degradation)", "checkout (tier 1)", "<@\(Self.declarer)>", "every 30 minutes", "\"Check in\"", "\"action_id\":\"incident_check_in\""] {
                #expect(blocks.replacingOccurrences(of: "\\/", with: "/").contains(fact), "welcome blocks lack \(fact)")
            }

            for (ring, phrase) in [("payments", "Responders are working in"), ("incidents", "Follow along in"), ("exec-incidents", "Updates for this incident appear in this thread")] {
                let ringChannel = try #require(await workspace.channel(named: ring))
                let messages = await workspace.messages(inChannel: ringChannel.id)
                #expect(messages.count == 1, "#\(ring) got \(messages.count) messages")
                #expect(messages.first?.text.contains("<#\(channel.id)>") == true, "#\(ring) does not link the incident channel")
                #expect(messages.first?.text.contains(phrase) == true, "#\(ring): \(messages.first?.text ?? "")")
                #expect(messages.first?.threadTS == nil)
            }
            // A SEV1 on tier 1 reaches no ring twice and no other channel.
            #expect(await workspace.messages(inChannel: try #require(await workspace.channel(named: "general")).id).isEmpty)
        }
    }

    @Test func aTakenNameGetsASuffixInsteadOfFailing() async throws {
        var seed = SandboxSeed.demo
        seed.channels.append(Self.channelName)
        try await Harness.withSandbox(seed: seed) { harness in
            try await harness.withBot { bot in
                let reply = try await bot.command("declare SEV1 checkout Card payments failing", user: Self.declarer)
                #expect(reply.status == .ok)
                #expect(await Self.waitForDelivery(harness, channel: Self.channelName + "-2"))
            }
            let workspace = harness.workspace
            let original = try #require(await workspace.channel(named: Self.channelName))
            #expect(await workspace.messages(inChannel: original.id).isEmpty)
            #expect(!original.members.contains(harness.seed.botUserID))
            let suffixed = try #require(await workspace.channel(named: Self.channelName + "-2"))
            #expect(suffixed.members.contains(Self.declarer))
            #expect(await workspace.channels().filter { $0.name.hasPrefix("inc-") }.count == 2)
        }
    }

    @Test func aRestartInTheMiddleOfDeliveryFinishesWithoutASecondChannel() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            // Everything after the channel's creation fails until the first bot has stopped.
            await workspace.injectFailure(method: "conversations.invite", failure: .httpStatus(503), times: 1_000)
            try await harness.withBot { bot in
                _ = try await bot.command("declare SEV1 checkout Card payments failing", user: Self.declarer)
                #expect(await harness.eventually { await $0.channel(named: Self.channelName) != nil })
                #expect(await harness.eventually { workspace in await workspace.calls().contains { $0.method == "conversations.invite" } })
            }
            let channel = try #require(await workspace.channel(named: Self.channelName))
            #expect(channel.members == [harness.seed.botUserID])
            await workspace.clearInjectedFailures()

            try await harness.withBot { _ in
                #expect(await Self.waitForDelivery(harness))
            }
            #expect(await workspace.channels().filter { $0.name.hasPrefix("inc-") }.map(\.name) == [Self.channelName])
            #expect(await workspace.calls().filter { $0.method == "conversations.create" && $0.ok }.count == 1)
            let members = try #require(await workspace.channel(named: Self.channelName)).members
            #expect(Set(members) == [harness.seed.botUserID, Self.declarer, "U01PAYLEAD", "U02ONCALL1", "U03ONCALL2"])
            #expect(await workspace.messages(inChannel: channel.id).count == 1)
            for ring in ["payments", "incidents", "exec-incidents"] {
                let ringChannel = try #require(await workspace.channel(named: ring))
                #expect(await workspace.messages(inChannel: ringChannel.id).count == 1, "#\(ring)")
            }
        }
    }

    @Test func aRingChannelThatDoesNotExistIsCreatedAndOneTheBotIsNotInIsJoined() async throws {
        var seed = SandboxSeed.demo
        seed.channels.removeAll { $0 == "exec-incidents" }
        try await Harness.withSandbox(seed: seed) { harness in
            #expect(await harness.workspace.channel(named: "exec-incidents") == nil)
            try await harness.withBot { bot in
                _ = try await bot.command("declare SEV1 checkout Card payments failing", user: Self.declarer)
                #expect(await Self.waitForDelivery(harness))
            }
            let workspace = harness.workspace
            let exec = try #require(await workspace.channel(named: "exec-incidents"))
            #expect(exec.creator == harness.seed.botUserID)
            #expect(await workspace.messages(inChannel: exec.id).count == 1)
            let payments = try #require(await workspace.channel(named: "payments"))
            #expect(payments.creator != harness.seed.botUserID)
            #expect(payments.members.contains(harness.seed.botUserID))
            #expect(await workspace.calls().contains { $0.method == "conversations.join" && $0.ok })
        }
    }
}
