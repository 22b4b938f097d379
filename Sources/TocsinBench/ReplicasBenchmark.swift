import Foundation
import TocsinApp

/// Declares acknowledged and durably stored per second on PostgreSQL, with one `tocsin serve` process and
/// with two sharing the database (issue #13): wrk on loopback spreads the connections over the replicas, as a
/// load balancer would.
struct ReplicasBenchmark: Sendable {
    var server: String = PostgresBenchDatabase.defaultServer
    var seconds: Int = 5
    var connections: Int = 64
    var replicaCounts: [Int] = [1, 2]
    /// The `tocsin` executable; nil finds it as the footprint benchmark does.
    var executable: String?

    private struct Row: Sendable {
        var replicas: Int
        var results: [Wrk.Result]
        var stored: Int

        var acknowledged: Int { results.map(\.successes).reduce(0, +) }
        var failures: Int { results.map { $0.statusErrors + $0.socketErrors }.reduce(0, +) }
        var duration: Double { results.map(\.durationSeconds).max() ?? 0 }
        var storedRate: Double { duration > 0 ? Double(min(stored, acknowledged)) / duration : 0 }
        var p99: Double { results.map(\.p99Seconds).max() ?? 0 }
    }

    func run(resources: BenchResources) async throws -> [Verdict] {
        let tocsin = try FootprintBenchmark.locate(executable, resources: resources)
        let wrk = try Wrk.locate()
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-bench-\(UUID().uuidString).yml")
        try DefaultConfiguration.yaml.write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }
        Report.heading("replicas: declares on PostgreSQL with one and two tocsin serve processes")
        Report.line("""
        \(tocsin) serve as child processes on one fresh PostgreSQL database per run (\(Self.redacted(server)),
        same machine), the delivery leader carrying the incidents out against an in-process sandbox workspace.
        wrk -t\(Wrk.threads) -d\(seconds)s POSTs pre-signed declares (distinct trigger_ids) over \(connections) connections in all,
        split evenly over the replicas (one wrk per replica, as a load balancer spreads them). A declare is answered
        after its commit; stored = incidents counted in the database afterwards.
        """)
        var rows: [Row] = []
        for count in replicaCounts {
            let database = try await PostgresBenchDatabase.create(on: server, label: "replicas\(count)")
            let row: Result<Row, any Error>
            do {
                row = .success(try await measure(count, database: database, tocsin: tocsin, config: config.path, wrk: wrk))
            } catch {
                row = .failure(error)
            }
            await database.drop()
            let measured = try row.get()
            rows.append(measured)
            Report.line(
                "  \(count) replica(s), \(connections) connections: \(Figures.rate(measured.storedRate)) declares/s stored "
                    + "(\(measured.stored) stored, \(measured.acknowledged) acknowledged, \(measured.failures) failed; p99 \(Figures.milliseconds(measured.p99)))"
            )
        }
        Report.line()
        return rows.map { row in
            let target: Double = row.replicas >= 2 ? 2_000 : 0
            return Verdict.judge(
                "replicas", row.replicas >= 2
                    ? "≥ 2,000 declares/s durably stored with \(row.replicas) replicas on PostgreSQL"
                    : "declares durably stored with \(row.replicas) replica on PostgreSQL, no failed request (no rate target; for comparison)",
                measured: "\(Figures.rate(row.storedRate)) /s (p99 \(Figures.milliseconds(row.p99)))",
                met: row.storedRate >= target && row.failures == 0
            )
        }
    }

    private func measure(_ count: Int, database: PostgresBenchDatabase, tocsin: String, config: String, wrk: Wrk) async throws -> Row {
        try await LoopbackSandbox.run { _, seed, sandboxPort in
            var replicas: [ServeProcess] = []
            do {
                for _ in 0..<count {
                    replicas.append(try await ServeProcess.start(
                        executable: tocsin, database: database.url, config: config, apiURL: "http://127.0.0.1:\(sandboxPort)/api/", botToken: seed.botToken
                    ))
                }
                for replica in replicas {
                    for _ in 0..<20 { _ = try await replica.client.command(AckBenchmark.helpText) }
                }
                let share = max(1, connections / count)
                let seconds = self.seconds
                let results = try await withThrowingTaskGroup(of: Wrk.Result.self) { group in
                    for replica in replicas {
                        let port = replica.port
                        group.addTask {
                            try await wrk.run(
                                port: port, requests: .distinct(text: AckBenchmark.declareText, count: AckBenchmark.distinctDeclares(seconds: seconds)),
                                connections: share, seconds: seconds
                            )
                        }
                    }
                    var results: [Wrk.Result] = []
                    for try await result in group { results.append(result) }
                    return results
                }
                let stored = Int(try await database.scalar(PostgresBenchDatabase.countIncidents)) ?? 0
                for replica in replicas { _ = await replica.stop() }
                return Row(replicas: count, results: results, stored: stored)
            } catch {
                for replica in replicas { _ = await replica.stop() }
                throw error
            }
        }
    }

    /// The server URL without its password, for the report.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return "the server" }
        components.password = nil
        return components.string ?? "the server"
    }
}
