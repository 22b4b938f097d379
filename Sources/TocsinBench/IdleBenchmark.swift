import Foundation
import Logging
import TocsinApp
import ServiceLifecycle
import TocsinSandbox

/// Benchmark 5: what `tocsin serve` costs while nothing happens: CPU time and wake-ups over a quiet
/// minute, with one active incident whose next reminder is not yet due and a workspace that answers.
struct IdleBenchmark: Sendable {
    var seconds: Int = 60
    /// The `tocsin` executable; nil finds it as the footprint benchmark does.
    var executable: String?

    enum Failure: Error, CustomStringConvertible {
        case sandboxDidNotStart
        case notDeclared(Int, String)
        case noProcStat

        var description: String {
            switch self {
            case .sandboxDidNotStart: "the sandbox workspace did not start"
            case .notDeclared(let status, let body): "the declaration was not accepted (\(status)): \(body)"
            case .noProcStat: "cannot read /proc/<pid>/stat of tocsin serve"
            }
        }
    }

    func run(resources: BenchResources) async throws -> [Verdict] {
        let tocsin = try FootprintBenchmark.locate(executable, resources: resources)
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-bench-\(UUID().uuidString).yml")
        try DefaultConfiguration.yaml.write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }
        Report.heading("idle: tocsin serve with nothing to do")
        Report.line("""
        \(tocsin) serve against an in-process sandbox workspace; one SEV2 declared and delivered first
        (its reminders are minutes away), then \(seconds) s of nothing. CPU = utime + stime of every thread
        from /proc/<pid>/stat; wake-ups = context switches summed over /proc/<pid>/task/*/status.
        """)

        let seed = SandboxSeed.demo
        let workspace = SandboxWorkspace(seed: seed)
        var logger = Logger(label: "tocsin-bench.sandbox")
        logger.logLevel = .error
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let sandbox = ServiceGroup(
            services: [
                SandboxService(
                    server: SandboxServer(workspace: workspace, host: "127.0.0.1", port: 0, logger: logger),
                    onListening: { port in continuation.yield(port) }
                )
            ],
            logger: logger
        )
        return try await withThrowingTaskGroup(of: [Verdict]?.self) { group in
            group.addTask {
                defer { continuation.finish() }
                try await sandbox.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let sandboxPort = await iterator.next() else {
                try await group.waitForAll()
                throw Failure.sandboxDidNotStart
            }
            let result: Result<[Verdict], any Error>
            do {
                result = .success(try await measure(tocsin: tocsin, config: config.path, sandboxPort: sandboxPort, workspace: workspace, seed: seed))
            } catch {
                result = .failure(error)
            }
            await sandbox.triggerGracefulShutdown()
            try await group.waitForAll()
            return try result.get()
        }
    }

    private func measure(tocsin: String, config: String, sandboxPort: Int, workspace: SandboxWorkspace, seed: SandboxSeed) async throws -> [Verdict] {
        let database = BenchResources.temporaryDatabase("idle")
        defer { BenchResources.removeDatabase(database) }
        let serve = try await ServeProcess.start(
            executable: tocsin, database: database, config: config, apiURL: "http://127.0.0.1:\(sandboxPort)/api/", botToken: seed.botToken
        )
        let reply = try await serve.client.command("declare SEV2 checkout Idle benchmark incident", user: "U04SRE")
        guard reply.status == 200, reply.declaredIncident != nil else {
            _ = await serve.stop()
            throw Failure.notDeclared(reply.status, reply.body)
        }
        // Delivery has settled once the workspace has seen no call for two seconds.
        var lastCount = -1
        var quietSince = ContinuousClock.now
        while ContinuousClock.now - quietSince < .seconds(2) {
            let count = await workspace.calls().count
            if count != lastCount {
                lastCount = count
                quietSince = .now
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        let deliveredCalls = lastCount
        await workspace.resetCalls()

        guard let before = CPUSample(pid: serve.pid) else {
            _ = await serve.stop()
            throw Failure.noProcStat
        }
        try await Task.sleep(for: .seconds(seconds))
        let after = CPUSample(pid: serve.pid)
        let callsWhileIdle = await workspace.calls().count
        _ = await serve.stop()
        guard let after else { throw Failure.noProcStat }

        let cpuSeconds = after.cpuSeconds - before.cpuSeconds
        let elapsed = after.taken - before.taken
        let share = cpuSeconds / elapsed
        let wakeups = Double(after.contextSwitches - before.contextSwitches) / elapsed
        Report.line(
            "  declared and delivered (\(deliveredCalls) Web API calls), then \(Figures.seconds(elapsed)) idle: CPU \(Figures.milliseconds(cpuSeconds)) "
                + "= \(percent(share)) of a core; \(String(format: "%.1f", wakeups)) context switches/s over \(after.threads) threads; "
                + "\(callsWhileIdle) Web API calls while idle"
        )
        Report.line()
        return [
            Verdict.judge("idle", "CPU after \(seconds) s with nothing to do < 1 % of a core", measured: percent(share), met: share < 0.01),
            Verdict.judge("idle", "no Web API calls while idle", measured: "\(callsWhileIdle)", met: callsWhileIdle == 0),
        ]
    }

    private func percent(_ share: Double) -> String {
        String(format: "%.2f %%", share * 100)
    }
}

/// A process's CPU time and context switches at one moment, from `/proc`.
private struct CPUSample {
    var cpuSeconds: Double
    var contextSwitches: Int
    var threads: Int
    var taken: Double

    init?(pid: Int32) {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        cpuSeconds = (user + system) / max(ticks, 1)
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        threads = tasks.count
        contextSwitches = tasks.reduce(0) { total, task in
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/status", encoding: .utf8) else { return total }
            return total + status.split(separator: "\n").reduce(0) { sum, line in
                guard line.hasPrefix("voluntary_ctxt_switches:") || line.hasPrefix("nonvoluntary_ctxt_switches:") else { return sum }
                return sum + (line.split(whereSeparator: { $0 == " " || $0 == "\t" }).last.flatMap { Int($0) } ?? 0)
            }
        }
        taken = Date().timeIntervalSince1970
    }
}
