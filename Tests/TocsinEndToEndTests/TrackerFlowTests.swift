import Foundation
import Testing
import TocsinApp
import TocsinTestSupport

/// Action items filed in Jira (a fake on loopback): an outage queues the filing, which completes once Jira is back.
@Suite struct TrackerFlowTests {
    @Test func actionItemsAreFiledOnceAndLinkedEvenThroughAnOutage() async throws {
        let jira = FakeJira(token: "jira-token")
        try await jira.serve { jiraPort in
            let yaml = DefaultConfiguration.yaml + """
            tracker:
              base_url: http://127.0.0.1:\(jiraPort)
              project_key: OPS
              issue_type: Task

            """
            try await Harness.withSandbox { harness in
                try await harness.withBot(configuration: yaml, trackerToken: "jira-token") { bot in
                    _ = try await bot.command("declare SEV1 checkout Card payments failing", user: "U01PAYLEAD")
                    #expect(await DeclareFlowTests.waitForDelivery(harness))
                    let channel = try #require(await harness.workspace.channel(named: DeclareFlowTests.channelName)).id

                    await jira.setOutage(true)
                    _ = try await bot.command("action <@U04SRE|sam> Alert on card decline rate due:2027-02-01", user: "U01PAYLEAD", channel: channel)
                    _ = try await bot.command("action <@U02ONCALL1> Canary payments-api deploys", user: "U01PAYLEAD", channel: channel)
                    #expect(await eventually(timeout: .seconds(15)) { await jira.requests >= 3 })  // attempts refused by the outage
                    #expect(await jira.issues.isEmpty)
                    let during = try await bot.command("actions", user: "U01PAYLEAD", channel: channel).text
                    #expect(!during.contains("OPS-"))

                    await jira.setOutage(false)
                    #expect(await eventually(timeout: .seconds(15)) { await jira.issues.count == 2 })
                    #expect(await eventually(timeout: .seconds(15)) {
                        let text = (try? await bot.command("actions", user: "U01PAYLEAD", channel: channel).text) ?? ""
                        return text.contains("— OPS-100") && text.contains("— OPS-101")
                    })
                    let draft = try await bot.command("postmortem", user: "U01PAYLEAD", channel: channel).text
                    #expect(draft.contains("Alert on card decline rate (2027-02-01) — OPS-10"))
                }
            }
            let issues = await jira.issues
            #expect(issues.map(\.summary).sorted() == ["Alert on card decline rate", "Canary payments-api deploys"])
            #expect(Set(issues.flatMap(\.labels)) == ["tocsin-action-1", "tocsin-action-2"])
        }
    }
}
