import Foundation
import TocsinSandbox

/// Benchmark 2: declare-to-ready against a workspace that answers every Web API call after 50 ms.
struct ReadyBenchmark: Sendable {
    static let text = "declare SEV1 checkout Card payments failing"
    static let declarer = "U04SRE"

    var repetitions: Int = 5
    var latency: Double = 0.05
    var timeout: Duration = .seconds(20)

    struct Run: Sendable {
        var seconds: Double
        var path: CriticalPath
        var calls: Int
    }

    enum Failure: Error, CustomStringConvertible {
        case declareRejected(String)
        case notReady(after: Duration, missing: String)

        var description: String {
            switch self {
            case .declareRejected(let body): "the declare was not accepted: \(body)"
            case .notReady(let after, let missing): "the incident was not ready after \(after): \(missing)"
            }
        }
    }

    func run(resources: BenchResources) async throws -> [Verdict] {
        Report.heading("ready: declare-to-ready with \(Figures.milliseconds(latency)) per Web API call")
        Report.line("""
        A fresh sandbox workspace (every call answered after \(Figures.milliseconds(latency))), database and bot per run.
        One signed `/incident \(Self.text)`; then the workspace is read every 5 ms
        until the incident channel exists with every responder in it and the welcome posted, and each
        informed ring's channel has its message. Timed from sending the command.
        """)
        var runs: [Run] = []
        for repetition in 1...repetitions {
            let run = try await InProcessStack.run(resources: resources, latency: latency) { stack in
                try await measure(stack, resources: resources)
            }
            runs.append(run)
            let longest = run.path.longest
            Report.line(
                "  run \(repetition): \(Figures.milliseconds(run.seconds)) (\(run.calls) calls; longest lane \(longest.name): \(longest.methods.count) calls "
                    + "→ bound \(Figures.milliseconds(Double(longest.methods.count) * latency)); ratio \(Figures.ratio(run.seconds / bound(run))))"
            )
        }
        guard let first = runs.first else { return [] }
        Report.line("\nThe chains of calls that had to happen one after another (run 1):")
        for lane in first.path.lanes {
            Report.line("  \(lane.name) — \(lane.methods.count) calls: \(lane.methods.joined(separator: " → "))")
        }
        let ratios = runs.map { $0.seconds / bound($0) }
        let times = runs.map(\.seconds)
        let longest = first.path.longest.methods.count
        Report.line()
        Report.table(
            ["", "median", "max"],
            [
                ["declare-to-ready", Figures.milliseconds(Figures.median(times)), Figures.milliseconds(times.max() ?? .nan)],
                ["ratio to the bound", Figures.ratio(Figures.median(ratios)), Figures.ratio(ratios.max() ?? .nan)],
            ]
        )
        Report.line("""
        Critical-path bound: \(longest) calls × \(Figures.milliseconds(latency)) = \(Figures.milliseconds(Double(longest) * latency)); target ≤ 1.3 × = \(Figures.milliseconds(1.3 * Double(longest) * latency)).
        (Calls that strictly need another's result are fewer — \(first.path.strictLength), \(Figures.milliseconds(Double(first.path.strictLength) * latency)) — for a bot that
        looked up the user groups and found and joined the ring channels while the channel was being created,
        and set the topic and posted the welcome alongside the invitation; the target uses the lanes above.)
        """)
        return [
            Verdict.judge(
                "ready", "declare-to-ready ≤ 1.3 × critical-path bound (median of \(runs.count))",
                measured: "\(Figures.ratio(Figures.median(ratios))) (\(Figures.milliseconds(Figures.median(times))) vs bound \(Figures.milliseconds(Double(longest) * latency)); max \(Figures.ratio(ratios.max() ?? .nan)))",
                met: Figures.median(ratios) <= 1.3
            )
        ]
    }

    private func bound(_ run: Run) -> Double {
        Double(run.path.longest.methods.count) * latency
    }

    private func measure(_ stack: InProcessStack, resources: BenchResources) async throws -> Run {
        let client = stack.client
        _ = try await client.get("/healthz")  // the connection is open before the clock starts
        let prefix = resources.configuration.slack.channelPrefix
        let command = SignedCommand(text: Self.text, user: Self.declarer)
        let clock = ContinuousClock()
        let start = clock.now
        let reply = try await client.command(command)
        guard reply.status == 200, let number = reply.declaredIncident else { throw Failure.declareRejected(reply.body) }
        let expectation = IncidentExpectation(
            number: number, severity: "SEV1", service: "checkout", declarer: Self.declarer,
            configuration: resources.configuration, seed: stack.seed
        )
        var snapshot = await WorkspaceSnapshot.take(stack.workspace, botUserID: stack.seed.botUserID, channelPrefix: prefix)
        while !expectation.isReady(in: snapshot) {
            guard clock.now - start < timeout else {
                let told = expectation.toldRings(in: snapshot)
                throw Failure.notReady(
                    after: timeout,
                    missing: "incident channel ready: \(expectation.readyIncidentChannel(in: snapshot) != nil); rings told: \(told) of \(expectation.ringChannels)"
                )
            }
            try await Task.sleep(for: .milliseconds(5))
            snapshot = await WorkspaceSnapshot.take(stack.workspace, botUserID: stack.seed.botUserID, channelPrefix: prefix)
        }
        let elapsed = (clock.now - start).inSeconds
        let calls = await stack.workspace.calls()
        guard let channel = expectation.readyIncidentChannel(in: snapshot) else { throw Failure.notReady(after: timeout, missing: "the channel") }
        let path = CriticalPath.derive(
            calls: calls, incidentChannel: channel, incidentNamePrefix: "\(prefix)-\(number)-",
            ringChannels: expectation.ringChannels.compactMap(snapshot.channel(named:))
        )
        return Run(seconds: elapsed, path: path, calls: calls.count)
    }
}
