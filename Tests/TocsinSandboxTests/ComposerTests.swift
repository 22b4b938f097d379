import Foundation
import Testing

@testable import TocsinSandbox

/// What Slack's composer sends for what a person typed (formatting reference, "Escaping text").
@Suite("Composer: typed text as Slack sends it")
struct ComposerTests {
    let composer = Composer(
        users: SandboxSeed.demo.users, botUserID: "U0TOCSIN", botName: "tocsin", userGroups: SandboxSeed.demo.userGroups,
        channels: [(id: "C0PAYMENTS", name: "payments")]
    )

    @Test(arguments: [
        ("Card payments failing & 502s on <checkout>", "Card payments failing &amp; 502s on &lt;checkout&gt;"),
        ("role comms @priya", "role comms <@U01PAYLEAD|priya>"),
        ("page @payments-oncall", "page <!subteam^S01PAYONCALL|@payments-oncall>"),
        ("see https://grafana.example.com/d/x?a=1&b=2, now", "see <https://grafana.example.com/d/x?a=1&amp;b=2>, now"),
        ("ask in #payments.", "ask in <#C0PAYMENTS|payments>."),
        ("@nobody and #nowhere stay text", "@nobody and #nowhere stay text"),
        ("tell @here", "tell <!here>"),
        ("line one\nline two", "line one\nline two"),
    ])
    func slashCommandText(typed: String, sent: String) {
        #expect(composer.compose(typed, for: .slashCommand) == sent)
    }

    @Test func messagesMentionWithoutTheName() {
        #expect(composer.compose("@tocsin is @priya on it? <3", for: .message) == "<@U0TOCSIN> is <@U01PAYLEAD> on it? &lt;3")
    }
}
