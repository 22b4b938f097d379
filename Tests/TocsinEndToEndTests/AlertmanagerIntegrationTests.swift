import Foundation
import Testing
import TocsinApp
import TocsinSandbox
import TocsinTestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real Alertmanager (Debian's `prometheus-alertmanager`) on loopback, its webhook receiver pointing at the bot
/// with the bearer token: alerts posted to Alertmanager's API declare, attach and report resolved in the sandbox.
@Suite(.enabled(
    if: AlertmanagerProcess.binary != nil || ProcessInfo.processInfo.environment["CI"] != nil,
    "alertmanager is not installed: apt-get install prometheus-alertmanager (CI installs it and runs this test)"
))
struct AlertmanagerIntegrationTests {
    @Test func alertmanagerDeclaresAttachesAndReportsResolved() async throws {
        guard let binary = AlertmanagerProcess.binary else {
            Issue.record("alertmanager is not installed; .ci/run must apt-get install prometheus-alertmanager")
            return
        }
        try await Harness.withSandbox { harness in
            try await harness.withBot(configuration: AlertHookFlowTests.configuration(), hookToken: AlertHookFlowTests.token) { bot in
                let botPort = try #require(bot.client.port)
                let alertmanager = try AlertmanagerProcess(binary: binary, hookURL: "http://127.0.0.1:\(botPort)/hooks/alertmanager", token: AlertHookFlowTests.token)
                defer { alertmanager.stop() }
                #expect(await eventually(timeout: .seconds(20)) { await alertmanager.isReady() }, "alertmanager did not start: \(alertmanager.log)")

                let errorRate: [String: String] = ["alertname": "CheckoutErrorRate", "service": "checkout", "severity": "critical", "instance": "checkout-1"]
                try await alertmanager.post(labels: errorRate, summary: "Checkout error rate above 5%")
                let workspace = harness.workspace
                #expect(await harness.eventually(timeout: .seconds(20)) { workspace in
                    guard let channel = await workspace.channel(named: AlertHookFlowTests.channel) else { return false }
                    return await workspace.messages(inChannel: channel.id).contains { $0.text.contains("Alertmanager declared this incident") }
                }, "no incident declared; alertmanager log: \(alertmanager.log)")
                let channel = try #require(await workspace.channel(named: AlertHookFlowTests.channel))
                let evidence = try #require(await workspace.messages(inChannel: channel.id).first { $0.text.contains("Alertmanager declared") })
                #expect(evidence.text.contains("CheckoutErrorRate") && evidence.text.contains("instance=checkout-1"), "\(evidence.text)")
                #expect(evidence.text.contains("|Runbook>"), "\(evidence.text)")

                try await alertmanager.post(labels: ["alertname": "CheckoutLatencyHigh", "service": "checkout", "severity": "warning"], summary: "p99 above 2 s")
                #expect(await harness.eventually(timeout: .seconds(20)) { workspace in
                    await workspace.messages(inChannel: channel.id).contains { $0.text.contains("CheckoutLatencyHigh") }
                })

                try await alertmanager.post(labels: errorRate, summary: "Checkout error rate above 5%", endsAt: Date().addingTimeInterval(-1))
                #expect(await harness.eventually(timeout: .seconds(20)) { workspace in
                    await workspace.messages(inChannel: channel.id).contains { $0.text.contains("CheckoutErrorRate") && $0.text.contains("resolved at") }
                }, "no resolved line; alertmanager log: \(alertmanager.log)")
                // Attached and reported, never declared twice, never resolved by the alert.
                #expect(await workspace.channels().count { $0.name.hasPrefix("inc-") } == 1)
                let listed = try await bot.command("list", user: "U01PAYLEAD").text
                #expect(listed.contains("#1"), "\(listed)")
            }
        }
    }
}

/// An `alertmanager` child process on a free loopback port with a temporary configuration and storage.
final class AlertmanagerProcess: @unchecked Sendable {
    static var binary: String? {
        ["/usr/bin/prometheus-alertmanager", "/usr/bin/alertmanager", "/usr/local/bin/alertmanager"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    let process = Process()
    let directory: URL
    let port: Int
    private let logFile: URL

    init(binary: String, hookURL: String, token: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-alertmanager-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        port = try SandboxCommandTests.freePort()
        let config = """
        route:
          receiver: tocsin
          group_by: [alertname, service]
          group_wait: 1s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: tocsin
            webhook_configs:
              - url: \(hookURL)
                send_resolved: true
                http_config:
                  authorization:
                    type: Bearer
                    credentials: \(token)

        """
        let configFile = directory.appendingPathComponent("alertmanager.yml")
        try config.write(to: configFile, atomically: true, encoding: .utf8)
        logFile = directory.appendingPathComponent("alertmanager.log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "--config.file=\(configFile.path)", "--storage.path=\(directory.appendingPathComponent("data").path)",
            "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=", "--log.level=info",
        ]
        process.standardOutput = log
        process.standardError = log
        try ProcessLaunch.run(process)
    }

    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    func isReady() async -> Bool {
        guard let url = URL(string: "http://127.0.0.1:\(port)/-/ready"),
              let (_, response) = try? await URLSession.shared.data(from: url) else { return false }
        return (response as? HTTPURLResponse)?.statusCode == 200
    }

    /// Posts one alert to Alertmanager's API (`POST /api/v2/alerts`); an `endsAt` in the past resolves it.
    func post(labels: [String: String], summary: String, endsAt: Date? = nil) async throws {
        var alert: [String: Any] = [
            "labels": labels, "annotations": ["summary": summary, "runbook_url": "https://runbooks.example.com/checkout"],
            "generatorURL": "http://prometheus.example.org:9090/graph?g0.expr=checkout_errors",
        ]
        if let endsAt { alert["endsAt"] = ISO8601DateFormatter().string(from: endsAt) }
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)/api/v2/alerts")))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: [alert])
        let (body, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200, "\(String(decoding: body, as: UTF8.self))")
    }
}
