import Foundation
import Testing
import TocsinApp
import TocsinSandbox
import TocsinTestSupport

/// Paging through PagerDuty's Events API v2 and Opsgenie (a fake on loopback checking the documented shapes): one
/// trigger when an incident is declared at a paging severity, one resolve when it is resolved, each retried through
/// an outage and accepted once.
@Suite struct PagingFlowTests {
    static let routingKey = "R0UT1NGKEYCHECKOUT000000000000"
    static let genieKey = "eb243592-faa2-4ba2-a551q-1afdf565c889"

    static func configuration(pagerPort: Int, pager: String) -> String {
        DefaultConfiguration.yaml.replacingOccurrences(of: """
                stakeholders_channel: payments
                depends_on: [payments-api]
            """, with: """
                stakeholders_channel: payments
                depends_on: [payments-api]
                \(pager)
            """) + """
        paging:
          page_at: [SEV0, SEV1]
          pagerduty_url: http://127.0.0.1:\(pagerPort)
          opsgenie_url: http://127.0.0.1:\(pagerPort)

        """
    }

    @Test func pagerDutyTriggerAndResolveAreSentOnceThroughOutages() async throws {
        let fake = FakePager(routingKey: Self.routingKey, genieKey: Self.genieKey)
        try await fake.serve { port in
            let yaml = Self.configuration(pagerPort: port, pager: "pagerduty: { routing_key_env: PD_CHECKOUT_KEY }")
            #expect(yaml.contains("routing_key_env: PD_CHECKOUT_KEY"))
            try await Harness.withSandbox { harness in
                try await harness.withBot(configuration: yaml, pagerKeys: ["PD_CHECKOUT_KEY": Self.routingKey]) { bot in
                    await fake.failNext(2)
                    _ = try await bot.command("declare SEV1 checkout Card payments failing", user: "U01PAYLEAD")
                    #expect(await eventually(timeout: .seconds(15)) { await fake.accepted.count == 1 })
                    #expect(await fake.refusedByOutage == 2)
                    #expect(await DeclareFlowTests.waitForDelivery(harness))
                    let channel = try #require(await harness.workspace.channel(named: DeclareFlowTests.channelName)).id
                    // A SEV2 on another service pages nobody.
                    _ = try await bot.command("declare SEV2 payments-api Refunds slow", user: "U01PAYLEAD")

                    await fake.failNext(3)
                    let resolved = try await bot.command("resolve Card processor failover done", user: "U01PAYLEAD", channel: channel)
                    #expect(resolved.text.contains("#1 is resolved"), "\(resolved.text)")
                    #expect(await eventually(timeout: .seconds(15)) { await fake.accepted.count == 2 })
                    #expect(await fake.refusedByOutage == 5)
                    let timeline = try await bot.command("timeline", user: "U01PAYLEAD", channel: channel).text
                    #expect(timeline.contains("Paged the on-call of checkout through PagerDuty"), "\(timeline)")
                }
            }
            let events = await fake.accepted
            #expect(await fake.invalid.isEmpty)
            #expect(events.map(\.action) == ["trigger", "resolve"])
            #expect(Set(events.map(\.dedupKey)) == ["tocsin-incident-1"])
            let trigger = try #require(events.first?.body)
            let payload = try #require(trigger["payload"] as? [String: Any])
            #expect(payload["severity"] as? String == "error")  // SEV1, the second most severe
            #expect((payload["summary"] as? String)?.contains("Card payments failing") == true)
            #expect(payload["source"] as? String == "Tocsin")
            let links = trigger["links"] as? [[String: Any]] ?? []
            #expect((links.first?["href"] as? String)?.hasPrefix("https://slack.com/app_redirect?channel=") == true, "\(links)")
            #expect((links.first?["text"] as? String)?.contains(DeclareFlowTests.channelName) == true)
        }
    }

    @Test func opsgenieAlertIsCreatedByPageAndClosedByAliasOnResolve() async throws {
        let fake = FakePager(routingKey: Self.routingKey, genieKey: Self.genieKey)
        try await fake.serve { port in
            let yaml = Self.configuration(pagerPort: port, pager: "opsgenie: { api_key_env: OPSGENIE_CHECKOUT_KEY }")
            try await Harness.withSandbox { harness in
                try await harness.withBot(configuration: yaml, pagerKeys: ["OPSGENIE_CHECKOUT_KEY": Self.genieKey]) { bot in
                    // A SEV2 is below page_at: declaring pages nobody; `/incident page checkout` does.
                    _ = try await bot.command("declare SEV2 checkout Card payments slow", user: "U01PAYLEAD")
                    #expect(await harness.eventually { workspace in await workspace.channel(named: "inc-1-checkout-card-payments-slow") != nil })
                    let channel = try #require(await harness.workspace.channel(named: "inc-1-checkout-card-payments-slow")).id
                    #expect(await fake.accepted.isEmpty)
                    _ = try await bot.command("page checkout", user: "U01PAYLEAD", channel: channel)
                    #expect(await eventually(timeout: .seconds(15)) { await fake.accepted.count == 1 })
                    _ = try await bot.command("resolve", user: "U01PAYLEAD", channel: channel)
                    #expect(await eventually(timeout: .seconds(15)) { await fake.accepted.count == 2 })
                }
            }
            let events = await fake.accepted
            #expect(await fake.invalid.isEmpty)
            #expect(events.map(\.action) == ["create", "close"])
            #expect(events.map(\.dedupKey) == ["tocsin-incident-1", "tocsin-incident-1"])
            #expect(events.first?.body["priority"] as? String == "P3")
            #expect(events.first?.body["alias"] as? String == "tocsin-incident-1")
        }
    }
}
