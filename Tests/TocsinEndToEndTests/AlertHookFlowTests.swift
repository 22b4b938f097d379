import Foundation
import HummingbirdTesting
import NIOCore
import Testing
import TocsinApp
import TocsinCore
import TocsinSandbox
import TocsinStore

/// The alert hooks end to end: the real bot on loopback, Alertmanager's documented webhook payload (version 4) and
/// the generic one, the sandbox workspace, the SQLite store.
@Suite struct AlertHookFlowTests {
    static let token = "hook-token-5f2c9e"
    static let channel = "inc-1-checkout-checkout-error-rate-above-5"

    /// Alertmanager's webhook body (version 4), from its documented example, for one alert.
    static func alertmanager(
        status: String = "firing", fingerprint: String = "1a30ba71cca2921f", alertname: String = "CheckoutErrorRate",
        service: String = "checkout", severity: String = "critical", startsAt: String = "2026-11-30T06:01:45.828Z",
        endsAt: String = "0001-01-01T00:00:00Z", version: String = "4"
    ) -> String {
        """
        {"receiver":"tocsin","status":"\(status)","alerts":[{"status":"\(status)",
        "labels":{"alertname":"\(alertname)","instance":"checkout-1:9100","job":"checkout","service":"\(service)","severity":"\(severity)"},
        "annotations":{"summary":"Checkout error rate above 5%","runbook_url":"https://runbooks.example.com/checkout-errors"},
        "startsAt":"\(startsAt)","endsAt":"\(endsAt)",
        "generatorURL":"http://prometheus.example.org:9090/graph?g0.expr=checkout_errors\\u0026g0.tab=1","fingerprint":"\(fingerprint)"}],
        "groupLabels":{"alertname":"\(alertname)"},"commonLabels":{"alertname":"\(alertname)","service":"\(service)","severity":"\(severity)"},
        "commonAnnotations":{"summary":"Checkout error rate above 5%"},"externalURL":"http://alertmanager.example.org:9093",
        "version":"\(version)","groupKey":"{}:{alertname=\\"\(alertname)\\"}","truncatedAlerts":0}
        """
    }

    static func configuration(_ extra: String = "") -> String {
        DefaultConfiguration.yaml + """
        alerts:
          service_label: service
          severity_label: severity
          severities: { critical: SEV1, page: SEV1, warning: SEV2 }
          declare: [SEV0, SEV1]
        \(extra)
        """
    }

    /// What the store holds once the bot has stopped.
    static func stored(_ harness: Harness) async throws -> (incidents: [Int], outbox: Int) {
        let store = try AppDatabase(path: harness.databasePath)
        let numbers = try await store.incidentNumbers()
        var entries = 0
        for number in numbers { entries += try await store.outboxEntries(incident: number).count }
        return (numbers, entries)
    }

    @Test func unauthenticatedMalformedAndUnknownHooksAreRefusedWithNothingStored() async throws {
        try await Harness.withSandbox { harness in
            try await harness.withBot(configuration: Self.configuration(), hookToken: Self.token) { bot in
                let cases: [(String, String, String?, Int, String)] = [
                    ("/hooks/alertmanager", Self.alertmanager(), nil, 401, "unauthorized"),
                    ("/hooks/alertmanager", Self.alertmanager(), "wrong-token", 401, "unauthorized"),
                    ("/hooks/generic", #"{"service":"checkout"}"#, nil, 401, "unauthorized"),
                    ("/hooks/alertmanager", "{not json", Self.token, 400, "malformed_payload"),
                    ("/hooks/alertmanager", #"{"version":"4","status":"firing"}"#, Self.token, 400, "malformed_payload"),
                    ("/hooks/alertmanager", Self.alertmanager(version: "3"), Self.token, 400, "unsupported_version"),
                    ("/hooks/alertmanager", Self.alertmanager(status: "pending"), Self.token, 400, "bad_status"),
                    ("/hooks/alertmanager", Self.alertmanager(service: "billing"), Self.token, 422, "unknown_service"),
                    ("/hooks/alertmanager", Self.alertmanager(severity: "meh"), Self.token, 422, "unmapped_severity"),
                    ("/hooks/generic", #"{"service":"checkout","severity":"critical","title":"x"}"#, Self.token, 400, "malformed_payload"),
                    ("/hooks/generic", #"{"service":"nope","severity":"critical","title":"x","dedup_key":"k","status":"firing"}"#, Self.token, 422, "unknown_service"),
                ]
                for (path, body, token, status, code) in cases {
                    let reply = try await bot.hook(path, json: body, token: token)
                    #expect(reply.status.code == status, "\(path) \(code): \(reply.status) \(reply.body)")
                    #expect(reply.json["ok"] as? Bool == false)
                    #expect(reply.json["error"] as? String == code, "\(reply.body)")
                    #expect((reply.json["message"] as? String)?.isEmpty == false)
                }
            }
            let stored = try await Self.stored(harness)
            #expect(stored.incidents.isEmpty)
            #expect(await harness.workspace.channels().allSatisfy { !$0.name.hasPrefix("inc-") })
        }
    }

    @Test func hooksAreOffWithoutAToken() async throws {
        try await Harness.withSandbox { harness in
            try await harness.withBot(configuration: Self.configuration()) { bot in
                let reply = try await bot.hook("/hooks/alertmanager", json: Self.alertmanager(), token: "anything")
                #expect(reply.status == .forbidden)
                #expect(reply.json["error"] as? String == "hooks_disabled")
            }
            #expect(try await Self.stored(harness).incidents.isEmpty)
        }
    }

    /// Posts a notification, and sends it again on a new connection when the first failed before an answer came
    /// back, as Alertmanager does with any failed notification. The test client keeps one connection for all the
    /// requests in flight; on a loaded machine the server may close it (a body that came too late), and every
    /// request on it fails. A notification is safe to send twice.
    static func hookAsAlertmanagerDoes(_ bot: BotClient, json: String) async throws -> BotClient.Reply {
        do {
            return try await bot.hook("/hooks/alertmanager", json: json, token: token)
        } catch {
            guard let port = bot.client.port else { throw error }
            for _ in 1..<3 {
                if let reply = try? await hookOnNewConnection(port: port, json: json) { return reply }
            }
            return try await hookOnNewConnection(port: port, json: json)
        }
    }

    private static func hookOnNewConnection(port: Int, json: String) async throws -> BotClient.Reply {
        try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            let request = TestClient.Request(
                "/hooks/alertmanager", method: .post, authority: "localhost",
                headers: [.contentType: "application/json", .authorization: "Bearer \(token)"], body: ByteBuffer(string: json)
            )
            let response = try await client.execute(request)
            return BotClient.Reply(status: response.head.status, body: response.body.map { String(buffer: $0) } ?? "")
        }
    }

    @Test func aFloodOfIdenticalFiringNotificationsDeclaresOneIncident() async throws {
        try await Harness.withSandbox { harness in
            try await harness.withBot(configuration: Self.configuration(), hookToken: Self.token) { bot in
                // Two alerts on checkout, each notification sent 500 times, interleaved: one declares, the other
                // attaches once, and the rest change nothing.
                let bodies = [Self.alertmanager(), Self.alertmanager(fingerprint: "9bc0de", alertname: "CheckoutLatencyHigh")]
                // 1,000 notifications, 50 in flight at any moment (more connections at once would only test the
                // listen backlog, which `IngressTests` covers).
                let outcomes = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                    var all: [(Int, String)] = []
                    for index in 0..<1000 {
                        if index >= 50, let outcome = try await group.next() { all.append(outcome) }
                        let body = bodies[index % 2]
                        group.addTask {
                            let reply = try await Self.hookAsAlertmanagerDoes(bot, json: body)
                            let result = (reply.json["results"] as? [[String: Any]])?.first
                            return (Int(reply.status.code), result?["outcome"] as? String ?? "")
                        }
                    }
                    for try await outcome in group { all.append(outcome) }
                    return all
                }
                #expect(outcomes.count == 1000)
                #expect(outcomes.allSatisfy { $0.0 == 200 })
                #expect(outcomes.count { $0.1 == "declared" } == 1)
                #expect(outcomes.count { $0.1 == "updated" } == 1)
                #expect(outcomes.count { $0.1 == "unchanged" } == 998)
                #expect(await harness.eventually { workspace in await workspace.channel(named: Self.channel) != nil })
            }
            #expect(try await Self.stored(harness).incidents == [1])
            #expect(await harness.workspace.channels().count { $0.name.hasPrefix("inc-") } == 1)
        }
    }

    @Test func alertsDeclareAttachAndReportResolvedWithoutResolving() async throws {
        try await Harness.withSandbox { harness in
            try await harness.withBot(configuration: Self.configuration(), hookToken: Self.token) { bot in
                let first = try await bot.hook("/hooks/alertmanager", json: Self.alertmanager(), token: Self.token)
                #expect(first.status == .ok, "\(first.body)")
                #expect(first.body.contains(#""outcome":"declared""#))
                // Re-sent by Alertmanager (repeat_interval): nothing changes.
                let again = try await bot.hook("/hooks/alertmanager", json: Self.alertmanager(), token: Self.token)
                #expect(again.body.contains(#""reason":"already_known""#), "\(again.body)")
                // Another alert on checkout (a warning, which alone would not declare) joins the incident.
                let second = try await bot.hook("/hooks/alertmanager", json: Self.alertmanager(
                    fingerprint: "77aa01bb", alertname: "CheckoutLatencyHigh", severity: "warning"
                ), token: Self.token)
                #expect(second.body.contains(#""outcome":"updated""#) && second.body.contains(#""incident":1"#), "\(second.body)")
                let resolved = try await bot.hook("/hooks/alertmanager", json: Self.alertmanager(
                    status: "resolved", endsAt: "2026-11-30T06:20:00.000Z"
                ), token: Self.token)
                #expect(resolved.body.contains(#""resolved":1"#), "\(resolved.body)")
                // The generic webhook: a warning on payments-api with no incident there declares nothing.
                let generic = try await bot.hook("/hooks/generic", json: """
                {"service":"payments-api","severity":"warning","title":"Slow refunds","dedup_key":"grafana-42","status":"firing",
                 "links":[{"title":"Dashboard","url":"https://grafana.example.com/d/refunds"}]}
                """, token: Self.token)
                #expect(generic.body.contains(#""reason":"severity_does_not_declare""#), "\(generic.body)")

                let workspace = harness.workspace
                #expect(await harness.eventually { workspace in
                    guard let channel = await workspace.channel(named: Self.channel) else { return false }
                    return await workspace.messages(inChannel: channel.id).contains { $0.text.contains("resolved at 2026-11-30 06:20 UTC") }
                })
                let channel = try #require(await workspace.channel(named: Self.channel))
                let texts = await workspace.messages(inChannel: channel.id).map(\.text)
                let evidence = try #require(texts.first { $0.contains("Alertmanager declared this incident") }, "\(texts)")
                for fact in ["CheckoutErrorRate", "Checkout error rate above 5%", "service=checkout", "severity=critical",
                             "<http://prometheus.example.org:9090/graph?g0.expr=checkout_errors&amp;g0.tab=1|Source>",
                             "<https://runbooks.example.com/checkout-errors|Runbook>"] {
                    #expect(evidence.contains(fact), "the evidence lacks \(fact): \(evidence)")
                }
                #expect(texts.count { $0.contains("CheckoutLatencyHigh") } == 1)
                #expect(texts.count { $0.contains("CheckoutErrorRate") && $0.contains("resolved at") } == 1)
                // Declared by Alertmanager, commanded by the service's first responder; still open.
                #expect(Set(channel.members).isSuperset(of: ["U01PAYLEAD", "U02ONCALL1"]))
                let listed = try await bot.command("list", user: "U01PAYLEAD").text
                #expect(listed.contains("#1"), "\(listed)")
                let timeline = try await bot.command("timeline", user: "U01PAYLEAD", channel: channel.id).text
                #expect(timeline.contains("by Alertmanager"), "\(timeline)")
                #expect(timeline.contains("CheckoutLatencyHigh"), "\(timeline)")
                #expect(!timeline.contains("Resolved after"), "\(timeline)")
            }
            #expect(try await Self.stored(harness).incidents == [1])
        }
    }
}
