import ArgumentParser
import Foundation
import Logging

/// `tocsin-bench`: the delivery issue's benchmarks, printing each figure with its target and a verdict.
/// Everything runs on loopback; run it from the repository root (`make bench` does).
@main
struct TocsinBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tocsin-bench",
        abstract: "Measure Tocsin: ack throughput, declare-to-ready, a rate-limited storm, the binary's footprint and its idle cost.",
        subcommands: [All.self, Ack.self, Ready.self, Storm.self, Footprint.self, Idle.self, Encode.self, Replicas.self, Failover.self],
        defaultSubcommand: All.self
    )

    /// Quiet logs (errors only, to stderr) for the in-process bot and workspace; set once per process.
    static func bootstrapLogging() {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .error
            return handler
        }
    }

    /// Prints every verdict again, together, with the machine they were measured on.
    static func summarize(_ verdicts: [Verdict]) {
        Report.heading("summary", showingLoad: false)
        #if DEBUG
        let build = "a debug build (figures are only meaningful in release: swift run -c release tocsin-bench)"
        #else
        let build = "a release build"
        #endif
        Report.line("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory >> 30) GiB; \(build)")
        for verdict in verdicts {
            Report.verdict("\(verdict.benchmark): \(verdict.target)", measured: verdict.measured, met: verdict.met)
        }
        let short = verdicts.filter { !$0.met }.count
        Report.line(short == 0 ? "All \(verdicts.count) targets met." : "\(verdicts.count - short) of \(verdicts.count) targets met; \(short) short.")
    }
}

struct All: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run every benchmark with its defaults (a few minutes).")

    /// A benchmark that cannot run is reported and the others still run; the exit status then says so.
    func run() async throws {
        TocsinBench.bootstrapLogging()
        let resources = try BenchResources.load()
        let benchmarks: [(String, @Sendable (BenchResources) async throws -> [Verdict])] = [
            ("ack", { try await AckBenchmark().run(resources: $0) }),
            ("ready", { try await ReadyBenchmark().run(resources: $0) }),
            ("storm", { try await StormBenchmark().run(resources: $0) }),
            ("footprint", { try await FootprintBenchmark().run(resources: $0) }),
            ("idle", { try await IdleBenchmark().run(resources: $0) }),
        ]
        var verdicts: [Verdict] = []
        var failed = false
        for (name, benchmark) in benchmarks {
            do {
                verdicts += try await benchmark(resources)
            } catch {
                failed = true
                Report.line("\n\(name) could not run: \(error)")
                verdicts.append(Verdict(benchmark: name, target: "runs", measured: "could not run: \(error)", met: false))
            }
        }
        TocsinBench.summarize(verdicts)
        if failed { throw ExitCode(1) }
    }
}

struct Ack: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Signed slash commands (help, declare) with wrk at 1, 16 and 64 connections.")

    @Option(help: "Seconds per wrk run (the signature stays valid 5 minutes).")
    var duration: Int = 5

    @Option(parsing: .upToNextOption, help: "Connection counts to measure.")
    var connections: [Int] = [1, 16, 64]

    @Option(parsing: .upToNextOption, help: "Which commands to measure: help, declare.")
    var commands: [String] = ["help", "declare"]

    func validate() throws {
        guard (1...60).contains(duration) else { throw ValidationError("--duration must be between 1 and 60 seconds.") }
        guard !commands.isEmpty, commands.allSatisfy(["help", "declare"].contains) else { throw ValidationError("--commands takes help and/or declare.") }
        guard connections.allSatisfy({ (1...1000).contains($0) }) else { throw ValidationError("--connections must be between 1 and 1000.") }
    }

    func run() async throws {
        TocsinBench.bootstrapLogging()
        let verdicts = try await AckBenchmark(seconds: duration, connections: connections, commands: commands).run(resources: try BenchResources.load())
        TocsinBench.summarize(verdicts)
    }
}

struct Ready: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Declare-to-ready with 50 ms per Web API call, against the critical-path bound.")

    @Option(help: "How many runs (fresh workspace and database each).")
    var repetitions: Int = 5

    @Option(help: "Injected latency per Web API call, in milliseconds.")
    var latencyMs: Int = 50

    func validate() throws {
        guard (1...50).contains(repetitions) else { throw ValidationError("--repetitions must be between 1 and 50.") }
        guard (1...1000).contains(latencyMs) else { throw ValidationError("--latency-ms must be between 1 and 1000.") }
    }

    func run() async throws {
        TocsinBench.bootstrapLogging()
        let benchmark = ReadyBenchmark(repetitions: repetitions, latency: Double(latencyMs) / 1000)
        TocsinBench.summarize(try await benchmark.run(resources: try BenchResources.load()))
    }
}

struct Storm: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Many SEV1 declarations against Slack's rate limits: lost, duplicated, 429s, total time.")

    @Option(help: "How many incidents to declare (100 takes over 4 minutes under the tier-2 limits).")
    var incidents: Int = 20

    @Option(help: "Milliseconds between declarations.")
    var intervalMs: Int = 100

    @Option(help: "Seconds to wait for delivery at most (default: 60 + twice what the limits allow).")
    var timeout: Int?

    func validate() throws {
        guard (1...500).contains(incidents) else { throw ValidationError("--incidents must be between 1 and 500.") }
        guard (0...10_000).contains(intervalMs) else { throw ValidationError("--interval-ms must be between 0 and 10000.") }
        if let timeout, !(1...1800).contains(timeout) { throw ValidationError("--timeout must be between 1 and 1800 seconds.") }
    }

    func run() async throws {
        TocsinBench.bootstrapLogging()
        let benchmark = StormBenchmark(incidents: incidents, interval: Double(intervalMs) / 1000, timeout: timeout.map(Double.init))
        TocsinBench.summarize(try await benchmark.run(resources: try BenchResources.load()))
    }
}

struct Footprint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The tocsin binary: start-up time, RSS idle and after 10,000 stored incidents.")

    @Option(help: "Start-ups to time (after one warm-up).")
    var startups: Int = 5

    @Option(help: "Incidents to store.")
    var incidents: Int = 10_000

    @Option(help: "The tocsin executable (default: beside tocsin-bench, then .build/release/tocsin).")
    var tocsin: String?

    func validate() throws {
        guard (1...50).contains(startups) else { throw ValidationError("--startups must be between 1 and 50.") }
        guard (1...100_000).contains(incidents) else { throw ValidationError("--incidents must be between 1 and 100000.") }
    }

    func run() async throws {
        TocsinBench.bootstrapLogging()
        let benchmark = FootprintBenchmark(startups: startups, incidents: incidents, executable: tocsin)
        TocsinBench.summarize(try await benchmark.run(resources: try BenchResources.load()))
    }
}

struct Idle: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The tocsin binary with nothing to do: CPU share and wake-ups over a quiet minute.")

    @Option(help: "Seconds to stay idle while measuring.")
    var seconds: Int = 60

    @Option(help: "The tocsin executable (default: beside tocsin-bench, then .build/release/tocsin).")
    var tocsin: String?

    func validate() throws {
        guard (5...3600).contains(seconds) else { throw ValidationError("--seconds must be between 5 and 3600.") }
    }

    func run() async throws {
        TocsinBench.bootstrapLogging()
        let benchmark = IdleBenchmark(seconds: seconds, executable: tocsin)
        TocsinBench.summarize(try await benchmark.run(resources: try BenchResources.load()))
    }
}

struct Encode: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A declaration's outbox entries encoded as JSON: the stores' one-pass encoder against JSONEncoder.")

    func run() async throws {
        TocsinBench.summarize(try EncodeBenchmark().run(resources: try BenchResources.load()))
    }
}

/// The server the PostgreSQL benchmarks create their databases on.
struct PostgresServerOption: ParsableArguments {
    @Option(help: "A postgres:// URL of a role that may create databases (default: TOCSIN_BENCH_POSTGRES, else the development machine's tocsin_bench).")
    var postgres: String?

    var server: String {
        postgres ?? ProcessInfo.processInfo.environment["TOCSIN_BENCH_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 } ?? PostgresBenchDatabase.defaultServer
    }
}

struct Replicas: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Declares stored per second on PostgreSQL with one and with two tocsin serve processes.")

    @OptionGroup var database: PostgresServerOption

    @Option(help: "Seconds per wrk run.")
    var duration: Int = 5

    @Option(help: "Connections in all, split over the replicas.")
    var connections: Int = 64

    @Option(parsing: .upToNextOption, help: "Replica counts to measure.")
    var replicas: [Int] = [1, 2]

    @Option(help: "The tocsin executable (default: beside tocsin-bench, then .build/release/tocsin).")
    var tocsin: String?

    func validate() throws {
        guard (1...60).contains(duration) else { throw ValidationError("--duration must be between 1 and 60 seconds.") }
        guard (1...1000).contains(connections) else { throw ValidationError("--connections must be between 1 and 1000.") }
        guard !replicas.isEmpty, replicas.allSatisfy({ (1...8).contains($0) }) else { throw ValidationError("--replicas takes counts from 1 to 8.") }
    }

    func run() async throws {
        TocsinBench.bootstrapLogging()
        let benchmark = ReplicasBenchmark(server: database.server, seconds: duration, connections: connections, replicaCounts: replicas, executable: tocsin)
        TocsinBench.summarize(try await benchmark.run(resources: try BenchResources.load()))
    }
}

struct Failover: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "SIGKILL of the delivering replica on PostgreSQL: time until another leads and calls the Web API.")

    @OptionGroup var database: PostgresServerOption

    @Option(help: "How many kills (a fresh database and replicas each).")
    var repetitions: Int = 3

    @Option(help: "Replicas started each time (one is killed).")
    var replicas: Int = 2

    @Option(help: "The tocsin executable (default: beside tocsin-bench, then .build/release/tocsin).")
    var tocsin: String?

    func validate() throws {
        guard (1...20).contains(repetitions) else { throw ValidationError("--repetitions must be between 1 and 20.") }
        guard (2...8).contains(replicas) else { throw ValidationError("--replicas must be between 2 and 8.") }
    }

    func run() async throws {
        TocsinBench.bootstrapLogging()
        let benchmark = FailoverBenchmark(server: database.server, repetitions: repetitions, replicas: replicas, executable: tocsin)
        TocsinBench.summarize(try await benchmark.run(resources: try BenchResources.load()))
    }
}
