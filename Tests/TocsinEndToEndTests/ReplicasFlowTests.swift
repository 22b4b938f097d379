import Foundation
import Testing
import TocsinApp
import TocsinSandbox
import TocsinTestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Several `tocsin serve` processes on one PostgreSQL database (issue #13): any replica takes any request, only
/// the one leading delivery calls the Web API, and killing it loses nothing, repeats nothing and keeps Slack's
/// rate limits (a replica taking over may meet each limit once, not knowing the old leader's pacing).
@Suite(.serialized, PostgresTestDatabase.available) struct ReplicasFlowTests {
    static let incidents = 30
    static let rings = ["payments", "incidents", "exec-incidents"]

    @Test func threeReplicasDeliverEveryIncidentOnceWithinTheLimitsWhenTheLeaderIsKilled() async throws {
        let database = try PostgresTestDatabase.create("replicas")
        defer { database.drop() }
        let config = try Self.configurationFile()
        defer { try? FileManager.default.removeItem(atPath: config) }

        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            await workspace.setRateLimitsEnabled(true)
            let apiURL = "http://127.0.0.1:\(harness.sandboxPort)/api/"
            var replicas: [BotProcess] = []
            for _ in 0..<3 {
                replicas.append(try await BotProcess.launch(apiURL: apiURL, database: database.url, config: config))
            }
            defer { for replica in replicas { replica.kill() } }
            #expect(await eventually { await Self.leaders(replicas).count == 1 }, "one replica leads delivery")

            // 30 declarations, round-robin over the replicas.
            for number in 1...Self.incidents {
                let status = try await replicas[(number - 1) % replicas.count].command("declare SEV1 checkout Replicated outage \(number)")
                #expect(status == 200)
            }
            // Kill the delivering replica in the middle: once about half the ring posts are out.
            #expect(await eventually(timeout: .seconds(60)) {
                guard let channel = await workspace.channel(named: "incidents") else { return false }
                return await workspace.messages(inChannel: channel.id).count >= Self.incidents / 2
            })
            let leaders = await Self.leaders(replicas)
            let killed = try #require(leaders.first, "a replica leads delivery")
            #expect(leaders.count == 1)
            replicas[killed].kill()
            #expect(await !Self.complete(workspace), "the kill interrupts delivery")
            let survivors = replicas.indices.filter { $0 != killed }.map { replicas[$0] }

            // The whole run must end within 1.3 × what the limits allow; wait a little longer to judge it.
            #expect(await eventually(timeout: .seconds(150), interval: .milliseconds(100)) { await Self.complete(workspace) })
            let completed = Date()
            #expect(await Self.leaders(survivors).count == 1, "a survivor took over delivery")
            #expect(await Self.settled(survivors[0], workspace), "delivery came to rest")

            let calls = await workspace.calls()
            let channels = await workspace.channels()
            let incidentChannels = channels.filter { $0.name.hasPrefix("inc-") }
            #expect(incidentChannels.count == Self.incidents, "one channel per incident")
            for number in 1...Self.incidents {
                let named = incidentChannels.filter { $0.name.hasPrefix("inc-\(number)-") }
                #expect(named.count == 1, "incident \(number) has \(named.count) channels")
                for channel in named {
                    // All thirty are on one service, so besides its welcome each channel has "possibly related" links.
                    let welcomes = await workspace.messages(inChannel: channel.id)
                        .filter { $0.user == harness.seed.botUserID && $0.threadTS == nil && !$0.text.contains("Possibly related") }
                    #expect(welcomes.count == 1, "#\(channel.name) has \(welcomes.count) welcomes")
                }
            }
            for ring in Self.rings {
                let channel = try #require(await workspace.channel(named: ring))
                let texts = await workspace.messages(inChannel: channel.id).filter { $0.threadTS == nil }.map(\.text)
                for number in 1...Self.incidents {
                    let posts = texts.filter { $0.contains("#\(number) ") || $0.contains("#\(number)*") }.count
                    #expect(posts == 1, "#\(ring) has \(posts) posts about incident \(number)")
                }
            }

            let ids = Dictionary(channels.map { ($0.name, $0.id) }, uniquingKeysWith: { first, _ in first })
            let buckets = RateLimitBound.buckets(calls, channelIDs: ids, incidents: Self.incidents)
            for bucket in buckets {
                #expect(bucket.rejected <= 1, "\(bucket.key) was answered 429 \(bucket.rejected) times")
            }
            let first = try #require(calls.first?.time)
            let bound = try #require(buckets.first?.earliestLast)
            let took = completed.timeIntervalSince(first)
            #expect(took <= 1.3 * bound, "took \(took) s; the limits allow it in \(bound) s")
        }
    }

    @Test func aRetriedCommandOrEventSentToTwoReplicasIsHandledOnce() async throws {
        let database = try PostgresTestDatabase.create("retries")
        defer { database.drop() }
        let config = try Self.configurationFile()
        defer { try? FileManager.default.removeItem(atPath: config) }

        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            let apiURL = "http://127.0.0.1:\(harness.sandboxPort)/api/"
            let first = try await BotProcess.launch(apiURL: apiURL, database: database.url, config: config)
            let second = try await BotProcess.launch(apiURL: apiURL, database: database.url, config: config)
            defer { first.kill(); second.kill() }

            // Slack retries a command it saw no answer to; the retry reaches another replica behind the balancer.
            let declare = BotClient.commandForm("declare SEV2 search Retried declaration", user: "U05EXEC", channel: "C0GENERAL", triggerID: "8765.4321.retried")
            async let once = first.signedPost("/slack/commands", body: declare, contentType: "application/x-www-form-urlencoded")
            async let again = second.signedPost("/slack/commands", body: declare, contentType: "application/x-www-form-urlencoded")
            let answers = try await [once, again]
            #expect(answers.allSatisfy { $0.status == 200 })
            #expect(await eventually { await workspace.channels().contains { $0.name.hasPrefix("inc-1-") } })
            let listed = try await second.commandReply("list", channel: "C0GENERAL")
            #expect(listed.contains("#1"), "\(listed)")
            #expect(!listed.contains("#2"), "the retried declaration declared once: \(listed)")

            // An event Slack delivers again (same event_id) to the other replica is acted on once: a mention of the
            // bot in the incident's channel, answered in its thread by the replica that took it.
            let channel = try #require(await workspace.channels().first { $0.name.hasPrefix("inc-1-") })
            let mention = try #require(await workspace.postAsUser("U04SRE", channelID: channel.id, text: "<@\(harness.seed.botUserID)> status?", threadTS: nil))
            let event = CaptureFlowTests.event("EvRetried01", ["type": "app_mention", "user": "U04SRE", "channel": channel.id, "ts": mention.ts, "text": mention.text])
            async let seen = first.signedPost("/slack/events", body: event, contentType: "application/json")
            async let seenAgain = second.signedPost("/slack/events", body: event, contentType: "application/json")
            let acknowledged = try await [seen, seenAgain]
            #expect(acknowledged.allSatisfy { $0.status == 200 })
            #expect(await eventually { await Self.threadReplies(to: mention.ts, in: channel.id, workspace) >= 1 })
            // Delivery at rest (the declaration's calls done) shows any second reply has had time to land.
            #expect(await Self.settled(second, workspace))
            #expect(await Self.threadReplies(to: mention.ts, in: channel.id, workspace) == 1)
        }
    }

    // MARK: Helpers

    /// The default configuration in a temporary file, for the replicas to share.
    static func configurationFile() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-replicas-\(UUID().uuidString).yml").path
        try DefaultConfiguration.yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The positions of the replicas whose `/metrics` say they lead delivery.
    static func leaders(_ replicas: [BotProcess]) async -> [Int] {
        var leading: [Int] = []
        for (index, replica) in replicas.enumerated() where await replica.leadsDelivery() {
            leading.append(index)
        }
        return leading
    }

    /// Every incident channel has its welcome and every ring one post per incident.
    static func complete(_ workspace: SandboxWorkspace) async -> Bool {
        let incidentChannels = await workspace.channels().filter { $0.name.hasPrefix("inc-") }
        guard incidentChannels.count >= incidents else { return false }
        for channel in incidentChannels where await workspace.messages(inChannel: channel.id).isEmpty { return false }
        for ring in rings {
            guard let channel = await workspace.channel(named: ring),
                await workspace.messages(inChannel: channel.id).filter({ $0.threadTS == nil }).count >= incidents
            else { return false }
        }
        return true
    }

    /// The positive event a test waits for before asserting that nothing more happened: the shared outbox has
    /// nothing pending (as `replica` reads it) and the workspace is answering no call.
    static func settled(_ replica: BotProcess, _ workspace: SandboxWorkspace) async -> Bool {
        await eventually(timeout: .seconds(30)) {
            guard await replica.metric("tocsin_outbox_pending") == 0 else { return false }
            return await workspace.callsInProgress() == 0
        }
    }

    static func threadReplies(to ts: String, in channel: String, _ workspace: SandboxWorkspace) async -> Int {
        await workspace.messages(inChannel: channel).filter { $0.threadTS == ts }.count
    }
}

extension BotProcess {
    /// A value from the process's `/metrics`; nil when it does not answer or has no such metric.
    func metric(_ name: String) async -> Double? {
        guard process.isRunning, let url = URL(string: "http://127.0.0.1:\(port)/metrics"),
            let (data, _) = try? await URLSession.shared.data(from: url)
        else { return nil }
        return MetricsTests.value(String(decoding: data, as: UTF8.self), name)
    }

    /// Whether the process's `/metrics` say it leads delivery.
    func leadsDelivery() async -> Bool {
        await metric("tocsin_delivery_leader") == 1
    }
}
