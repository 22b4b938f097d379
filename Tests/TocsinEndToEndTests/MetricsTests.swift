import Foundation
import Testing
import TocsinApp
import TocsinSandbox
import TocsinTestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Issue #12: `/metrics` after a scripted incident passes `promtool check metrics` and shows the series a
/// dashboard needs; with `TOCSIN_METRICS_TOKEN` set it answers only a request bearing the token.
@Suite struct MetricsTests {
    static let promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func get(_ url: String, token: String? = nil) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: url)!)
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// `promtool check metrics` on `exposition`: its complaints, or nil when promtool is absent (outside CI).
    static func promtoolComplaints(_ exposition: String) throws -> String? {
        guard let promtool else {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                Issue.record("CI=true but promtool is missing: .ci/run installs Debian's prometheus package")
            } else {
                print("MetricsTests: promtool is not installed (apt-get install prometheus); /metrics is not linted")
            }
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: promtool)
        process.arguments = ["check", "metrics"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(exposition.utf8))
        try input.fileHandleForWriting.close()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 && printed.isEmpty ? "" : "status \(process.terminationStatus): \(printed)"
    }

    /// The value of the series `name` whose labels include every one of `labels`, or nil.
    static func value(_ exposition: String, _ name: String, _ labels: [String] = []) -> Double? {
        for line in exposition.split(separator: "\n") where line.hasPrefix(name + "{") || line.hasPrefix(name + " ") {
            guard labels.allSatisfy({ line.contains($0) }), let value = line.split(separator: " ").last else { continue }
            return Double(value)
        }
        return nil
    }

    @Test func metricsAfterAScriptedIncidentPassPromtool() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("tocsin.yml").path
        try DefaultConfiguration.yaml.write(toFile: config, atomically: true, encoding: .utf8)
        try await Harness.withSandbox { harness in
            let bot = try await BotProcess.launch(
                apiURL: "http://127.0.0.1:\(harness.sandboxPort)/api/", database: directory.appendingPathComponent("m.sqlite").path, config: config,
                environment: ["TOCSIN_METRICS_TOKEN": "scrape-me"]
            )
            defer { bot.stop() }
            let base = "http://127.0.0.1:\(bot.port)"
            #expect(try await bot.command("declare SEV1 checkout Card payments failing") == 200)
            #expect(await DeclareFlowTests.waitForDelivery(harness))
            var unsigned = URLRequest(url: URL(string: "\(base)/slack/commands")!)
            unsigned.httpMethod = "POST"
            unsigned.httpBody = Data("text=help".utf8)
            let (_, refused) = try await URLSession.shared.data(for: unsigned)
            #expect((refused as? HTTPURLResponse)?.statusCode == 401)

            #expect(try await Self.get("\(base)/metrics").status == 401, "no token, no metrics")
            #expect(try await Self.get("\(base)/metrics", token: "scrape-mf").status == 401, "a wrong token, no metrics")
            let (status, metrics) = try await Self.get("\(base)/metrics", token: "scrape-me")
            #expect(status == 200)
            if let complaints = try Self.promtoolComplaints(metrics) { #expect(complaints == "", "promtool check metrics: \(complaints)") }

            #expect(Self.value(metrics, "tocsin_requests_total", [#"route="commands""#, #"outcome="accepted""#]) == 1)
            #expect(Self.value(metrics, "tocsin_requests_total", [#"route="commands""#, #"outcome="bad_signature""#]) == 1)
            #expect(Self.value(metrics, "tocsin_command_handling_seconds_count") == 1)
            #expect(Self.value(metrics, "tocsin_incidents_declared_total", [#"severity="SEV1""#]) == 1)
            #expect(Self.value(metrics, "tocsin_incidents_active", [#"severity="SEV1""#]) == 1)
            #expect(Self.value(metrics, "tocsin_incidents_active", [#"severity="SEV0""#]) == 0)
            #expect((Self.value(metrics, "tocsin_slack_api_calls_total", [#"method="conversations.create""#, #"outcome="ok""#]) ?? 0) >= 1)
            #expect(Self.value(metrics, "tocsin_outbox_pending") != nil)
            #expect(Self.value(metrics, "tocsin_outbox_oldest_pending_age_seconds") != nil)
            #expect(Self.value(metrics, "tocsin_build_info", [#"version="0.12.0-dev""#, #"swift_version="6."#]) == 1, "a debug build says it is one")
            #expect(Self.value(metrics, "tocsin_delivery_leader") == 1, "one process on SQLite leads delivery")
            #expect((Self.value(metrics, "process_resident_memory_bytes") ?? 0) > 0)
            #expect((Self.value(metrics, "process_open_fds") ?? 0) > 0)
            #expect(!metrics.contains("scrape-me") && !bot.everythingPrinted.contains("scrape-me"), "the metrics token is never shown")
        }
    }

    /// `--metrics-port` moves `/metrics` (with liveness and readiness) to a listener of its own, so the port that
    /// faces the internet for Slack no longer serves it.
    @Test func metricsMoveToAPortOfTheirOwn() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-metrics-port-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("tocsin.yml").path
        try DefaultConfiguration.yaml.write(toFile: config, atomically: true, encoding: .utf8)
        let metricsPort = try SandboxCommandTests.freePort()
        try await Harness.withSandbox { harness in
            let bot = try await BotProcess.launch(
                apiURL: "http://127.0.0.1:\(harness.sandboxPort)/api/", database: directory.appendingPathComponent("m.sqlite").path, config: config,
                arguments: ["--metrics-port", "\(metricsPort)"]
            )
            defer { bot.stop() }
            let own = "http://127.0.0.1:\(metricsPort)"
            #expect(await eventually { (try? await Self.get("\(own)/metrics").status) == 200 }, "the metrics listener answers")
            let (status, metrics) = try await Self.get("\(own)/metrics")
            #expect(status == 200)
            #expect(Self.value(metrics, "tocsin_build_info") == 1)
            #expect(try await Self.get("\(own)/healthz").status == 200)
            let beside = try await Self.get("http://127.0.0.1:\(bot.port)/metrics")
            #expect(beside.status == 404, "not beside the Slack routes: \(beside.status) \(beside.body.prefix(200))")
            #expect(try await Self.get("http://127.0.0.1:\(bot.port)/healthz").status == 200)
        }
    }
}
