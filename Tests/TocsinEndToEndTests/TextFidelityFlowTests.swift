import Foundation
import Testing
import TocsinSandbox

/// Issue #9, item 1: text typed in Slack is read once and written once. Driven through the sandbox's
/// composer, which escapes and links what a person types exactly as Slack does.
@Suite struct TextFidelityFlowTests {
    static let title = "Card payments failing & 502s on <checkout>"
    static let escapedTitle = "Card payments failing &amp; 502s on &lt;checkout&gt;"
    static let channelName = "inc-1-checkout-card-payments-failing-502s-on-checkout"

    @Test func titlesLinksMentionsAndEvidenceSurviveARealIncident() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot { bot in
                try await harness.withConsole(to: bot) { console in
                    let declared = try await console.type("/incident declare SEV1 checkout \(Self.title)", as: "priya", in: "general")
                    #expect((declared["reply"] as? String)?.contains(": \(Self.escapedTitle). ") == true, "\(declared)")
                    #expect(await harness.eventually { await $0.channel(named: Self.channelName) != nil }, "the channel is named from the plain title")
                    #expect(await DeclareFlowTests.waitForDelivery(harness, channel: Self.channelName))
                    let incident = try #require(await workspace.channel(named: Self.channelName))
                    #expect(incident.topic == "SEV1 · declared · \(Self.title)")

                    // Every ring shows the title as typed: escaped once for Slack, never twice.
                    for ring in ["payments", "incidents", "exec-incidents"] {
                        let channel = try #require(await workspace.channel(named: ring))
                        let posted = await Self.everything(in: channel.id, of: workspace)
                        #expect(posted.contains(Self.escapedTitle), "#\(ring): \(posted)")
                        #expect(!posted.contains("&amp;amp;") && !posted.contains("&amp;lt;"), "#\(ring) escaped twice: \(posted)")
                    }

                    // A status with a link and a mention reaches every ring and the exec thread with both alive.
                    let link = "https://grafana.example.com/d/payments?from=now-1h&to=now"
                    let status = try await console.type("/incident status identified Rolled back, see \(link) cc @omar", as: "priya", in: Self.channelName)
                    #expect((status["reply"] as? String)?.hasPrefix("Status update posted for #1") == true, "\(status)")
                    let liveLink = "<https://grafana.example.com/d/payments?from=now-1h&amp;to=now>"
                    let exec = try #require(await workspace.channel(named: "exec-incidents"))
                    #expect(await harness.eventually { workspace in
                        for ring in ["payments", "incidents"] {
                            guard let channel = await workspace.channel(named: ring),
                                  await Self.everything(in: channel.id, of: workspace).contains("\(liveLink) cc <@U02ONCALL1>") else { return false }
                        }
                        let thread = await workspace.messages(inChannel: exec.id).filter { $0.threadTS != nil }.map(\.text).joined()
                        return thread.contains(liveLink) && thread.contains("<@U02ONCALL1>")
                    }, "the status reaches every ring and the exec thread as a link and a mention")
                    let root = try #require(await workspace.messages(inChannel: exec.id).first { $0.threadTS == nil })
                    #expect(await harness.eventually { _ in
                        await Self.everything(in: exec.id, of: workspace, only: root.ts).contains("*Latest:* Rolled back, see \(liveLink)")
                    }, "the exec root is edited with the live link")

                    // A question in the exec thread is relayed with its asker and mention as mentions.
                    _ = try await console.type("@priya ETA & is EU affected?", as: "erin", in: "exec-incidents", thread: root.ts)
                    #expect(await harness.eventually { _ in
                        await workspace.messages(inChannel: incident.id).contains {
                            $0.text.contains("<@U05EXEC>") && $0.text.contains("<@U01PAYLEAD> ETA &amp; is EU affected?")
                        }
                    }, "the relayed question keeps its mention and is escaped once")

                    // Evidence is captured with its URL decoded; the timeline reply escapes it once.
                    _ = try await console.type("p99 graph https://grafana.example.com/d/x?a=1&b=2", as: "omar", in: Self.channelName)
                    #expect(await harness.eventually { _ in
                        guard let reply = try? await console.type("/incident timeline", as: "priya", in: Self.channelName)["reply"] as? String else { return false }
                        return reply.contains("grafana: https://grafana.example.com/d/x?a=1&amp;b=2")
                    })
                    let timeline = try await console.type("/incident timeline", as: "priya", in: Self.channelName)["reply"] as? String ?? ""
                    #expect(timeline.contains("Declared SEV1 on checkout: \(Self.escapedTitle)"))
                    #expect(!timeline.contains("&amp;amp;"))
                    #expect(timeline.contains("identified: Rolled back, see \(liveLink) cc <@U02ONCALL1>"), "the timeline shows the status's link and mention live")

                    // A role given with @name in the page reaches the bot as a mention.
                    let role = try await console.type("/incident role comms @olga", as: "priya", in: Self.channelName)
                    #expect(role["reply"] as? String == "<@U03ONCALL2> is now the comms lead for #1.")
                }
            }
            // The postmortem (Markdown, from the command line) holds decoded text: no Slack escapes or markup.
            let postmortem = try CommandLineTests.run(["postmortem", "1", "--format", "markdown", "--database", harness.databasePath])
            #expect(postmortem.output.contains("# Postmortem draft: #1 \(Self.title)"))
            #expect(postmortem.output.contains("grafana: https://grafana.example.com/d/x?a=1&b=2 (@U02ONCALL1)"))
            #expect(postmortem.output.contains("identified: Rolled back, see \("https://grafana.example.com/d/payments?from=now-1h&to=now") cc @omar"))
            #expect(!postmortem.output.contains("&amp;") && !postmortem.output.contains("<@"), "\(postmortem.output)")
        }
    }

    /// A channel's message texts and block texts (or one message's), as one string to search.
    static func everything(in channelID: String, of workspace: SandboxWorkspace, only ts: String? = nil) async -> String {
        await workspace.messages(inChannel: channelID).filter { ts == nil || $0.ts == ts }.map { [$0.text, $0.blocksJSON ?? ""].joined(separator: "\n") }.joined(separator: "\n")
    }
}
