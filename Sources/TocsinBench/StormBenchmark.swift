import Foundation
import TocsinSandbox

/// Benchmark 3: a storm of SEV1 declarations on the tier-1 service checkout against a workspace enforcing
/// Slack's rate limits; every incident reaches its own channel and three informed ring channels.
struct StormBenchmark: Sendable {
    static let declarer = "U04SRE"

    var incidents: Int = 20
    var interval: Double = 0.1
    /// Nil: long enough for what the limits allow, twice over, plus a minute.
    var timeout: Double?

    private struct Outcome: Sendable {
        var numbers: [Int]
        var rejected: Int
        var completedAfter: Double?
        var waited: Double
        var snapshot: WorkspaceSnapshot
        var calls: [SandboxCall]
    }

    func run(resources: BenchResources) async throws -> [Verdict] {
        let predicted = RateLimitBound.predicted(incidents: incidents, interval: interval)
        let limit = timeout ?? (60 + 2 * predicted)
        Report.heading("storm: \(incidents) SEV1 declarations on checkout, Slack's rate limits on")
        let full = RateLimitBound.predicted(incidents: 100, interval: 0.1)
        Report.line("""
        A fresh sandbox workspace with rate limits on (tiers per method over a sliding minute; chat.postMessage
        1/s per channel, burst 3), database and bot. One declaration every \(Figures.milliseconds(interval)) \
        (\(incidents) within \(Figures.seconds(Double(incidents - 1) * interval))); each must open its channel,
        invite, set the topic, post the welcome and tell #payments, #incidents and #exec-incidents once.
        Waiting at most \(Figures.seconds(limit)) for delivery.
        """)
        if incidents < 100 {
            Report.line("""
            Why not 100: each incident needs four tier-2 calls (conversations.create, usergroups.list,
            usergroups.users.list, conversations.setTopic; 20/min each), so 100 incidents take at least
            \(Figures.seconds(full)) however good the bot is — too long for `make bench`. Run
            `tocsin-bench storm --incidents 100` for the full storm (about \(Int((full * 1.2 / 60).rounded(.up))) min).
            """)
        }
        let outcome = try await InProcessStack.run(resources: resources, rateLimits: true) { stack in
            try await storm(stack, resources: resources, timeout: limit)
        }
        return report(outcome, resources: resources)
    }

    private func storm(_ stack: InProcessStack, resources: BenchResources, timeout: Double) async throws -> Outcome {
        let client = stack.client
        _ = try await client.get("/healthz")
        let clock = ContinuousClock()
        let start = clock.now
        let interval = self.interval
        let replies = try await withThrowingTaskGroup(of: LoopbackClient.Reply.self) { group in
            for index in 0..<incidents {
                try await clock.sleep(until: start.advanced(by: .milliseconds(Int(Double(index) * interval * 1000))))
                group.addTask {
                    try await client.command(SignedCommand(text: "declare SEV1 checkout Storm incident \(index + 1)", user: Self.declarer))
                }
            }
            var replies: [LoopbackClient.Reply] = []
            for try await reply in group { replies.append(reply) }
            return replies
        }
        let numbers = replies.compactMap(\.declaredIncident).sorted()
        let expectations = numbers.map { number in
            IncidentExpectation(
                number: number, severity: "SEV1", service: "checkout", declarer: Self.declarer,
                configuration: resources.configuration, seed: stack.seed
            )
        }
        let prefix = resources.configuration.slack.channelPrefix
        var snapshot = await WorkspaceSnapshot.take(stack.workspace, botUserID: stack.seed.botUserID, channelPrefix: prefix)
        var completed: Double?
        var lastProgress = clock.now
        while true {
            let ready = expectations.count { $0.isReady(in: snapshot) }
            if ready == expectations.count {
                completed = (clock.now - start).inSeconds
                break
            }
            if clock.now - lastProgress >= .seconds(15) {
                Report.line("  … \(ready) of \(expectations.count) incidents fully delivered after \(Figures.seconds((clock.now - start).inSeconds))")
                lastProgress = clock.now
            }
            if (clock.now - start).inSeconds >= timeout { break }
            try await Task.sleep(for: .milliseconds(100))
            snapshot = await WorkspaceSnapshot.take(stack.workspace, botUserID: stack.seed.botUserID, channelPrefix: prefix)
        }
        // Anything still arriving would be a late duplicate: look once more after a short pause.
        try await Task.sleep(for: .seconds(2))
        snapshot = await WorkspaceSnapshot.take(stack.workspace, botUserID: stack.seed.botUserID, channelPrefix: prefix)
        return Outcome(
            numbers: numbers, rejected: replies.count - numbers.count, completedAfter: completed,
            waited: (clock.now - start).inSeconds, snapshot: snapshot, calls: await stack.workspace.calls()
        )
    }

    private func report(_ outcome: Outcome, resources: BenchResources) -> [Verdict] {
        let snapshot = outcome.snapshot
        let numbers = outcome.numbers
        let ringNames = [resources.configuration.services.first { $0.name == "checkout" }?.stakeholdersChannel ?? "payments",
                         resources.configuration.slack.announceChannel, resources.configuration.slack.execChannel]
        var rows: [[String]] = []
        var lost = 0
        var duplicated = 0
        for name in ringNames {
            let counts = snapshot.channel(named: name).map { snapshot.messageCounts(inChannel: $0.id) } ?? [:]
            let delivered = numbers.count { (counts[$0] ?? 0) > 0 }
            let duplicates = numbers.map { max(0, (counts[$0] ?? 0) - 1) }.reduce(0, +)
            lost += numbers.count - delivered
            duplicated += duplicates
            rows.append(["#\(name)", "\(numbers.count)", "\(delivered)", "\(duplicates)"])
        }
        var channelsDelivered = 0
        var channelDuplicates = 0
        for number in numbers {
            let channels = snapshot.incidentChannels(number)
            channelDuplicates += max(0, channels.count - 1)
            let welcomes = channels.map { snapshot.messages(about: number, inChannel: $0.id) }.reduce(0, +)
            channelDuplicates += max(0, welcomes - 1)
            if welcomes > 0 { channelsDelivered += 1 }
        }
        lost += numbers.count - channelsDelivered
        duplicated += channelDuplicates
        rows.append(["incident channels (welcome)", "\(numbers.count)", "\(channelsDelivered)", "\(channelDuplicates)"])
        Report.line()
        Report.table(["channel", "expected", "delivered", "duplicates"], rows)
        if outcome.rejected > 0 { Report.line("  \(outcome.rejected) declarations were not accepted.") }

        let channelIDs = Dictionary(snapshot.channels.map { ($0.name, $0.id) }, uniquingKeysWith: { first, _ in first })
        let buckets = RateLimitBound.buckets(outcome.calls, channelIDs: channelIDs, incidents: numbers.count)
        let rateLimited = outcome.calls.filter { $0.httpStatus == 429 }
        var perMethod: [String: Int] = [:]
        for call in rateLimited { perMethod[call.method, default: 0] += 1 }
        let beyondFirst = buckets.map { max(0, $0.rejected - 1) }.reduce(0, +)
        Report.line("\nWeb API calls: \(outcome.calls.count); answered 429: \(rateLimited.count)"
            + (perMethod.isEmpty ? "" : " (" + perMethod.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")")
            + "; beyond the first per bucket: \(beyondFirst).")

        let span = Double(max(0, numbers.count - 1)) * interval
        let bound = max(span, buckets.first?.earliestLast ?? 0)
        Report.line("\nWhat the rate limits allow (the tightest buckets; at most one call per incident per bucket is needed):")
        Report.table(
            ["bucket", "limit", "calls", "needed", "429s", "last needed call no sooner than"],
            buckets.prefix(6).map { bucket in
                [Self.describe(bucket.key, channels: snapshot.channels), bucket.limit.description, "\(bucket.admitted)", "\(bucket.needed)",
                 "\(bucket.rejected)", Figures.seconds(bucket.earliestLast)]
            }
        )
        Report.line("  the declarations themselves span \(Figures.seconds(span)); bound = \(Figures.seconds(bound)), target ≤ 1.2 × = \(Figures.seconds(1.2 * bound)).")
        let total = outcome.completedAfter
        Report.line(total.map { "  every message delivered after \(Figures.seconds($0)) (\(Figures.ratio($0 / max(bound, 0.001))) the bound)." }
            ?? "  NOT every message was delivered within \(Figures.seconds(outcome.waited)).")

        let name = "storm"
        return [
            Verdict.judge(name, "zero lost (\(numbers.count) incidents × 4 rings)", measured: "\(lost) lost", met: lost == 0 && outcome.rejected == 0),
            Verdict.judge(name, "zero duplicated", measured: "\(duplicated) duplicated", met: duplicated == 0),
            Verdict.judge(name, "zero 429s beyond the first per bucket", measured: "\(beyondFirst) beyond the first (\(rateLimited.count) in all)", met: beyondFirst == 0),
            Verdict.judge(
                name, "total ≤ 1.2 × what the limits allow (\(Figures.seconds(bound)))",
                measured: total.map { "\(Figures.seconds($0)) = \(Figures.ratio($0 / max(bound, 0.001)))" } ?? "incomplete after \(Figures.seconds(outcome.waited))",
                met: total.map { $0 <= 1.2 * bound } ?? false
            ),
        ]
    }

    /// `chat.postMessage C0005` → `chat.postMessage #payments`.
    private static func describe(_ key: String, channels: [SandboxChannel]) -> String {
        let parts = key.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, let channel = channels.first(where: { $0.id == parts[1] }) else { return key }
        return "\(parts[0]) #\(channel.name)"
    }
}
