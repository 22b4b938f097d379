import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `tocsin serve` as a child process on a free loopback port, with a Web API URL nothing listens on
/// (delivery just keeps retrying), timed from spawn to its first healthy `/healthz`.
final class ServeProcess: Sendable {
    enum Failure: Error, CustomStringConvertible {
        case exited(String)
        case noPort(String)
        case notHealthy

        var description: String {
            switch self {
            case .exited(let output): "tocsin serve exited early:\n\(output)"
            case .noPort(let output): "tocsin serve never said which port it listens on:\n\(output)"
            case .notHealthy: "tocsin serve never answered /healthz with 200"
            }
        }
    }

    /// Where start-up time went.
    struct Startup: Sendable {
        /// Spawn to the "tocsin is listening" log line.
        var listening: Double
        /// Spawn to the first 200 from `/healthz`.
        var healthy: Double
    }

    let child: ChildProcess
    let port: Int
    let startup: Startup

    var pid: Int32 { child.pid }
    var client: LoopbackClient { LoopbackClient(port: port) }

    private init(child: ChildProcess, port: Int, startup: Startup) {
        self.child = child
        self.port = port
        self.startup = startup
    }

    /// Starts `tocsin serve` and returns once `/healthz` answers 200. Without `apiURL` the bot's Web API
    /// calls go where nothing listens.
    static func start(
        executable: String, database: String, config: String, apiURL: String = "http://127.0.0.1:9/api/", botToken: String = "xoxb-bench"
    ) async throws -> ServeProcess {
        var environment = ProcessInfo.processInfo.environment
        environment["SLACK_BOT_TOKEN"] = botToken
        environment["SLACK_SIGNING_SECRET"] = SignedCommand.benchSecret
        environment["TOCSIN_SLACK_API_URL"] = apiURL
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let child = ChildProcess(
            executable: executable,
            arguments: ["serve", "--port", "0", "--host", "127.0.0.1", "--database", database, "--config", config, "--log-level", "notice"],
            environment: environment
        ) { line in
            guard line.contains("tocsin is listening"),
                let range = line.range(of: "port=[0-9]+", options: .regularExpression),
                let port = Int(line[range].dropFirst("port=".count))
            else { return }
            continuation.yield(port)
            continuation.finish()
        }
        let clock = ContinuousClock()
        let spawned = clock.now
        try child.start()
        // The port arrives from the log, or the wait ends when the child exits or takes too long.
        let watchdog = Task {
            while child.isRunning && clock.now - spawned < .seconds(10) { try? await Task.sleep(for: .milliseconds(20)) }
            continuation.finish()
        }
        defer { watchdog.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            if !child.isRunning { throw Failure.exited(child.output) }
            await child.stop(grace: .seconds(2))
            throw Failure.noPort(child.output)
        }
        let listening = (clock.now - spawned).inSeconds
        let client = LoopbackClient(port: port)
        while clock.now - spawned < .seconds(10) {
            if let reply = try? await client.get("/healthz", timeout: 1), reply.status == 200 {
                let serve = ServeProcess(
                    child: child, port: port, startup: Startup(listening: listening, healthy: (clock.now - spawned).inSeconds)
                )
                return serve
            }
            guard child.isRunning else { throw Failure.exited(child.output) }
            try await Task.sleep(for: .milliseconds(1))
        }
        await child.stop(grace: .seconds(2))
        throw Failure.notHealthy
    }

    /// Resident memory, in kB, from `/proc/<pid>/status`.
    struct Memory: Sendable {
        /// VmRSS: resident now.
        var rss: Int
        /// VmHWM: the peak.
        var peak: Int
        /// RssAnon: the process's own heap and stacks.
        var anonymous: Int
        /// RssFile: mapped files, mostly the binary and the shared libraries (Foundation, ICU data…).
        var fileBacked: Int

        var description: String {
            "\(Figures.megabytes(kilobytes: rss)) (heap and stacks \(Figures.megabytes(kilobytes: anonymous)), "
                + "mapped files \(Figures.megabytes(kilobytes: fileBacked)); peak \(Figures.megabytes(kilobytes: peak)))"
        }
    }

    func memory() -> Memory? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        func field(_ name: String) -> Int? {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return nil }
            return line.split(separator: " ").compactMap { Int($0) }.first
        }
        guard let rss = field("VmRSS"), let peak = field("VmHWM") else { return nil }
        return Memory(rss: rss, peak: peak, anonymous: field("RssAnon") ?? 0, fileBacked: field("RssFile") ?? 0)
    }

    /// SIGTERM and the seconds until it exited (nil if it had to be killed).
    func stop() async -> (seconds: Double, status: Int32?) {
        let clock = ContinuousClock()
        let start = clock.now
        child.signal(SIGTERM)
        if let status = await child.waitForExit(timeout: .seconds(15)) { return ((clock.now - start).inSeconds, status) }
        await child.stop(grace: .seconds(1))
        return ((clock.now - start).inSeconds, nil)
    }
}
