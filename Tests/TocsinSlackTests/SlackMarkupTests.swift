import Foundation
import Testing
import TocsinApp
import TocsinCore
import TocsinSlack

/// Slack's markup read once and written once (formatting reference, "Escaping text"; FACTS §9.11).
@Suite struct SlackMarkupTests {
    @Test(arguments: [
        ("Card payments failing &amp; 502s on &lt;checkout&gt;", RichText("Card payments failing & 502s on <checkout>")),
        ("&amp;lt; is how Slack shows a typed &amp;lt;", RichText("&lt; is how Slack shows a typed &lt;")),
        ("role comms <@U0DANA|dana>", RichText(parts: [.text("role comms "), .user(id: "U0DANA", name: "dana")])),
        ("<@W111> Hi there!", RichText(parts: [.user(id: "W111", name: nil), .text(" Hi there!")])),
        ("ask in <#C024BE7LR|general>", RichText(parts: [.text("ask in "), .channel(id: "C024BE7LR", name: "general")])),
        (
            "see <https://grafana.example.com/d/x?a=1&amp;b=2|p99 &amp; errors>",
            RichText(parts: [.text("see "), .link(url: "https://grafana.example.com/d/x?a=1&b=2", label: "p99 & errors")])
        ),
        ("<https://example.com>", RichText(parts: [.link(url: "https://example.com", label: nil)])),
        ("<mailto:sre@example.com|sre@example.com>", RichText(parts: [.link(url: "mailto:sre@example.com", label: "sre@example.com")])),
        ("<!here> and <!subteam^SAZ94GDB8|@oncall>", RichText("@here and @oncall")),
        ("an unclosed < stays text", RichText("an unclosed < stays text")),
        ("AT&T & co", RichText("AT&T & co")),
    ])
    func decodesWhatSlackSends(sent: String, expected: RichText) {
        #expect(SlackMarkup.decode(sent) == expected)
    }

    @Test(arguments: [
        (RichText("Card payments failing & 502s on <checkout>"), "Card payments failing &amp; 502s on &lt;checkout&gt;"),
        (RichText(parts: [.user(id: "U1", name: "dana"), .text(" checked in")]), "<@U1> checked in"),
        (RichText(parts: [.channel(id: "C1", name: "x")]), "<#C1>"),
        (RichText(parts: [.link(url: "https://g.example.com/d?a=1&b=2", label: "p99 > 2s")]), "<https://g.example.com/d?a=1&amp;b=2|p99 &gt; 2s>"),
        (RichText(parts: [.link(url: "https://g.example.com/a|b", label: nil)]), "<https://g.example.com/a%7Cb>"),
        (RichText("\"quotes\" and 'apostrophes' stay"), "\"quotes\" and 'apostrophes' stay"),
    ])
    func encodesForSlack(text: RichText, sent: String) {
        #expect(SlackMarkup.encode(text) == sent)
    }

    /// Any text a person types, escaped by Slack, is read back as typed and posted again escaped exactly once.
    /// Issue #10: NUL bytes and other control characters travelled from a title into every message and topic.
    @Test func controlCharactersAreDroppedOnTheWayIn() {
        #expect(SlackMarkup.decode("Card\u{0}payments\u{7} fail\u{1b}[31ming\r\n\tbadly") == RichText("Cardpayments fail[31ming\n\tbadly"))
        #expect(SlackMarkup.decode("<@U1|da\u{0}na> said <https://x.example/\u{8}|lin\u{1f}k>")
            == RichText(parts: [.user(id: "U1", name: "dana"), .text(" said "), .link(url: "https://x.example/", label: "link")]))
        // Newlines, tabs and everything from U+0020 up are kept.
        #expect(SlackMarkup.decode("a\nb\tc \u{7f}é🚨") == RichText("a\nb\tc \u{7f}é🚨"))
    }

    @Test func typedTextRoundTripsEscapedOnce() {
        var random = SeededRandom(seed: 0x7_0C51)
        let alphabet = Array("ab Z9&<>|@#:;*_~`\"'\n\t&amp;é😀🚨-/.?=") + ["&lt;", "<@U1>", "&gt;"].flatMap(Array.init)
        for _ in 0..<3_000 {
            let typed = String((0..<random.next(upTo: 40)).map { _ in alphabet[random.next(upTo: alphabet.count)] })
            let sent = Self.slackEscaped(typed)
            let decoded = SlackMarkup.decode(sent)
            #expect(decoded == RichText(typed), "typed: \(typed.debugDescription)")
            #expect(SlackMarkup.encode(decoded) == sent, "typed: \(typed.debugDescription)")
        }
    }

    /// Rich text (text, people, channels, links) written for Slack and read back is the same text.
    @Test func richTextRoundTrips() {
        var random = SeededRandom(seed: 42)
        let characters = Array("ab &<>|:é😀 *")
        func word(_ length: Int) -> String { String((0..<length).map { _ in characters[random.next(upTo: characters.count)] }) }
        for _ in 0..<2_000 {
            var parts: [RichText.Part] = []
            for _ in 0..<random.next(upTo: 6) {
                switch random.next(upTo: 4) {
                case 0: parts.append(.text(word(1 + random.next(upTo: 8))))
                case 1: parts.append(.user(id: "U\(random.next(upTo: 999))", name: nil))
                case 2: parts.append(.channel(id: "C\(random.next(upTo: 999))", name: nil))
                default:
                    let label = word(random.next(upTo: 6))
                    parts.append(.link(url: "https://x.example.com/\(random.next(upTo: 99))?a=1&b=<2>", label: label.isEmpty ? nil : label))
                }
            }
            let text = RichText(parts: parts)
            #expect(SlackMarkup.decode(SlackMarkup.encode(text)) == text, "\(text.parts)")
        }
    }

    /// What Slack does to typed text, written here from its documentation for the test's own use.
    static func slackEscaped(_ typed: String) -> String {
        typed.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

/// A small deterministic generator (SplitMix64), so a failing case can be reproduced.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(upTo bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return bound > 0 ? Int(z % UInt64(bound)) : 0
    }
}
