import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TocsinApp

/// Benchmark 4: the built `tocsin serve` binary's start-up time and resident memory, idle and holding
/// 10,000 incidents.
struct FootprintBenchmark: Sendable {
    var startups: Int = 5
    var incidents: Int = 10_000
    var concurrency: Int = 16
    /// The `tocsin` executable; nil finds it beside this one, then in `.build/release`.
    var executable: String?

    enum Failure: Error, CustomStringConvertible {
        case noBinary([String])

        var description: String {
            switch self {
            case .noBinary(let tried):
                "the tocsin binary is not built (looked at \(tried.joined(separator: ", "))): swift build -c release --product tocsin"
            }
        }
    }

    func run(resources: BenchResources) async throws -> [Verdict] {
        let tocsin = try Self.locate(executable, resources: resources)
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-bench-\(UUID().uuidString).yml")
        try DefaultConfiguration.yaml.write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }
        Report.heading("footprint: the tocsin binary")
        Report.line("""
        \(tocsin) serve --port 0 --host 127.0.0.1 --database <fresh> --config <copy of the default>,
        with SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and TOCSIN_SLACK_API_URL=http://127.0.0.1:9/api/ (nothing
        listens there: delivery keeps retrying). Start-up = spawn → first 200 from /healthz (one warm-up
        start first, not counted); RSS = VmRSS from /proc/<pid>/status.
        """)

        var startupTimes: [Double] = []
        var idle: [Int] = []
        for attempt in 0...startups {
            let database = BenchResources.temporaryDatabase("footprint")
            defer { BenchResources.removeDatabase(database) }
            let serve = try await ServeProcess.start(executable: tocsin, database: database, config: config.path)
            try await Task.sleep(for: .seconds(1))
            let memory = serve.memory()
            let stopped = await serve.stop()
            guard attempt > 0 else { continue }
            startupTimes.append(serve.startup.healthy)
            if let memory { idle.append(memory.rss) }
            Report.line(
                "  start \(attempt): listening after \(Figures.milliseconds(serve.startup.listening)), /healthz 200 after \(Figures.milliseconds(serve.startup.healthy)); "
                    + "idle RSS \(memory?.description ?? "?"); SIGTERM → exit in \(Figures.milliseconds(stopped.seconds))"
            )
        }

        let database = BenchResources.temporaryDatabase("footprint-10k")
        defer { BenchResources.removeDatabase(database) }
        let serve = try await ServeProcess.start(executable: tocsin, database: database, config: config.path)
        let clock = ContinuousClock()
        let loadStart = clock.now
        let failed = try await declare(incidents, to: serve.port)
        let loadSeconds = (clock.now - loadStart).inSeconds
        try await Task.sleep(for: .seconds(2))
        let loaded = serve.memory()
        let stored = try await serve.client.storedIncidentsByProbe() ?? 0
        let stopped = await serve.stop()
        let size = ["", "-wal"].compactMap { try? FileManager.default.attributesOfItem(atPath: database + $0)[.size] as? Int }.reduce(0, +)
        Report.line(
            "  \(Figures.count(incidents)) signed declares (\(concurrency) at a time) in \(Figures.seconds(loadSeconds)), \(failed) failed; the database holds \(Figures.count(stored)) incidents "
                + "(\(Figures.megabytes(kilobytes: size / 1024)) on disk, with every incident's deliveries still pending)"
        )
        Report.line(
            "  2 s after storing them: RSS \(loaded?.description ?? "?"); SIGTERM → exit in \(Figures.milliseconds(stopped.seconds))"
        )

        let restarted = try await ServeProcess.start(executable: tocsin, database: database, config: config.path)
        try await Task.sleep(for: .seconds(3))
        let reopened = restarted.memory()
        _ = await restarted.stop()
        Report.line(
            "  restarted on those \(Figures.count(stored)) incidents: /healthz 200 after \(Figures.milliseconds(restarted.startup.healthy)); "
                + "3 s later (delivery retrying the backlog) RSS \(reopened?.description ?? "?")"
        )

        let medianStartup = Figures.median(startupTimes)
        let idleRSS = Int(Figures.median(idle.map(Double.init)))
        let fullRSS = max(loaded?.rss ?? .max, reopened?.rss ?? .max)
        Report.line()
        return [
            Verdict.judge(
                "footprint", "start-up to ready < 300 ms (median of \(startupTimes.count))",
                measured: "\(Figures.milliseconds(medianStartup)) (max \(Figures.milliseconds(startupTimes.max() ?? .nan)); \(Figures.milliseconds(restarted.startup.healthy)) on \(Figures.count(stored)) incidents)",
                met: medianStartup < 0.3
            ),
            Verdict.judge("footprint", "RSS idle < 60 MB", measured: Figures.megabytes(kilobytes: idleRSS), met: idleRSS < 60 * 1024),
            Verdict.judge(
                "footprint", "RSS after \(Figures.count(incidents)) stored incidents < 60 MB",
                measured: "\(Figures.megabytes(kilobytes: fullRSS)) (the larger of after loading, \(loaded.map { Figures.megabytes(kilobytes: $0.rss) } ?? "?"), and after a restart, \(reopened.map { Figures.megabytes(kilobytes: $0.rss) } ?? "?"))",
                met: fullRSS < 60 * 1024 && stored >= incidents
            ),
        ]
    }

    /// POSTs `count` signed SEV1 declarations, `concurrency` at a time; returns how many were not answered 200.
    private func declare(_ count: Int, to port: Int) async throws -> Int {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = concurrency
        let session = URLSession(configuration: configuration)
        let client = LoopbackClient(port: port, session: session)
        return await withTaskGroup(of: Bool.self) { group in
            var failed = 0
            var next = 0
            func add() {
                let index = next
                next += 1
                group.addTask {
                    let reply = try? await client.command("declare SEV1 checkout Footprint incident \(index + 1)", user: "U04SRE")
                    return reply?.status == 200 && reply?.declaredIncident != nil
                }
            }
            while next < min(concurrency, count) { add() }
            while let ok = await group.next() {
                if !ok { failed += 1 }
                if next < count { add() }
            }
            return failed
        }
    }

    /// The `tocsin` binary to measure: `executable` if given, else beside this one, else `.build/release`.
    static func locate(_ executable: String?, resources: BenchResources) throws -> String {
        var candidates: [String] = []
        if let executable { candidates.append(executable) }
        let selfPath = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        candidates.append(selfPath.deletingLastPathComponent().appendingPathComponent("tocsin").path)
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tocsin").path)
        candidates.append(resources.root.appendingPathComponent(".build/release/tocsin").path)
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Failure.noBinary(candidates)
        }
        return found
    }
}
