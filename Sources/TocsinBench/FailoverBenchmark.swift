import Foundation
import TocsinApp

/// Fail-over (issue #13): replicas of `tocsin serve` on one PostgreSQL database, a declaration every 100 ms sent
/// to a replica that does not lead, and the leading replica killed with SIGKILL while it delivers. Measured: the
/// time until another replica says it leads, and until another replica makes its next Web API call (read from
/// the survivors' own `tocsin_slack_api_calls_total`, so no call of the killed process can count).
struct FailoverBenchmark: Sendable {
    var server: String = PostgresBenchDatabase.defaultServer
    var repetitions: Int = 3
    var replicas: Int = 2
    var executable: String?

    enum Failure: Error, CustomStringConvertible {
        case noLeader
        case noTakeover

        var description: String {
            switch self {
            case .noLeader: "no replica said it leads delivery within 10 s of starting"
            case .noTakeover: "no surviving replica made a Web API call within 30 s of the kill"
            }
        }
    }

    private struct Sample: Sendable {
        var leads: Double
        var nextCall: Double
    }

    func run(resources: BenchResources) async throws -> [Verdict] {
        let tocsin = try FootprintBenchmark.locate(executable, resources: resources)
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-bench-\(UUID().uuidString).yml")
        try DefaultConfiguration.yaml.write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }
        Report.heading("failover: SIGKILL of the delivering replica")
        Report.line("""
        \(replicas) × \(tocsin) serve on one fresh PostgreSQL database per run (\(ReplicasBenchmark.redacted(server))) and an
        in-process sandbox workspace (no rate limits). A SEV2 declaration every 100 ms goes to a replica that does not
        lead, so the leader is delivering; 2 s in, the leader gets SIGKILL. The survivors' /metrics are read every 10 ms:
        takeover = kill → a survivor reports tocsin_delivery_leader 1; next call = kill → a survivor's
        tocsin_slack_api_calls_total grows. \(repetitions) runs.
        """)
        var samples: [Sample] = []
        for run in 1...repetitions {
            let database = try await PostgresBenchDatabase.create(on: server, label: "failover")
            let sample: Result<Sample, any Error>
            do {
                sample = .success(try await measure(database: database, tocsin: tocsin, config: config.path))
            } catch {
                sample = .failure(error)
            }
            await database.drop()
            let measured = try sample.get()
            samples.append(measured)
            Report.line("  run \(run): takeover after \(Figures.milliseconds(measured.leads)), next Web API call after \(Figures.milliseconds(measured.nextCall))")
        }
        let worst = samples.map(\.nextCall).max() ?? .infinity
        Report.line()
        return [
            Verdict.judge(
                "failover", "SIGKILL of the delivering replica → next Web API call by another < 5 s",
                measured: "median \(Figures.milliseconds(Figures.median(samples.map(\.nextCall)))), worst \(Figures.milliseconds(worst)) over \(samples.count) runs",
                met: worst < 5
            )
        ]
    }

    private func measure(database: PostgresBenchDatabase, tocsin: String, config: String) async throws -> Sample {
        try await LoopbackSandbox.run { _, seed, sandboxPort in
            var started: [ServeProcess] = []
            do {
                for _ in 0..<replicas {
                    started.append(try await ServeProcess.start(
                        executable: tocsin, database: database.url, config: config, apiURL: "http://127.0.0.1:\(sandboxPort)/api/", botToken: seed.botToken
                    ))
                }
                let sample = try await killTheLeader(started)
                for replica in started { _ = await replica.stop() }
                return sample
            } catch {
                for replica in started { _ = await replica.stop() }
                throw error
            }
        }
    }

    private func killTheLeader(_ replicas: [ServeProcess]) async throws -> Sample {
        let clock = ContinuousClock()
        var leader: Int?
        let waitSince = clock.now
        while leader == nil, clock.now - waitSince < .seconds(10) {
            for (index, replica) in replicas.enumerated() where await replica.client.leadsDelivery() { leader = index }
            if leader == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        guard let leader else { throw Failure.noLeader }
        let survivors = replicas.indices.filter { $0 != leader }.map { replicas[$0] }
        guard let entry = survivors.first else { throw Failure.noLeader }

        // Work keeps arriving at a survivor, before and after the kill.
        let feeder = Task {
            var number = 0
            while !Task.isCancelled {
                number += 1
                _ = try? await entry.client.command("declare SEV2 search Failover benchmark \(number)")
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        defer { feeder.cancel() }
        try await Task.sleep(for: .seconds(2))

        var baseline = 0.0
        for survivor in survivors { baseline += await survivor.client.metricSum("tocsin_slack_api_calls_total") ?? 0 }
        let killed = clock.now
        replicas[leader].child.signal(SIGKILL)
        var leads: Double?
        var nextCall: Double?
        while nextCall == nil || leads == nil, clock.now - killed < .seconds(30) {
            var calls = 0.0
            for survivor in survivors {
                calls += await survivor.client.metricSum("tocsin_slack_api_calls_total") ?? 0
                if leads == nil, await survivor.client.leadsDelivery() { leads = (clock.now - killed).inSeconds }
            }
            if nextCall == nil, calls > baseline { nextCall = (clock.now - killed).inSeconds }
            try await Task.sleep(for: .milliseconds(10))
        }
        guard let nextCall, let leads else { throw Failure.noTakeover }
        return Sample(leads: leads, nextCall: nextCall)
    }
}
