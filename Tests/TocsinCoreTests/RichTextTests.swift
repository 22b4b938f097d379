import Foundation
import Testing
import TocsinCore
import TocsinTestSupport

@Suite struct RichTextTests {
    let dashboard = RichText(parts: [
        .text("Bad deploy & rollback, see "), .link(url: "https://grafana.example.com/d/x?a=1&b=2", label: "dash"),
        .text(" cc "), .user(id: "U0DANA", name: "dana"), .text(" in "), .channel(id: "C1", name: nil),
    ])

    @Test func plainTextWritesPeopleChannelsAndLinksOut() {
        #expect(dashboard.plainText == "Bad deploy & rollback, see dash (https://grafana.example.com/d/x?a=1&b=2) cc @dana in #C1")
        #expect(RichText(parts: [.link(url: "https://a.example.com", label: "https://a.example.com")]).plainText == "https://a.example.com")
        #expect(RichText(parts: [.user(id: "U1", name: nil)]).plainText == "@U1")
    }

    @Test func linksAndMentionsAreValues() {
        #expect(dashboard.links == ["https://grafana.example.com/d/x?a=1&b=2"])
        #expect(dashboard.mentionedUsers == ["U0DANA"])
    }

    @Test func adjacentTextMergesAndInterpolationBuildsParts() {
        let built: RichText = "\(user: "U1") is the \("comms lead") for #\(3)"
        #expect(built.parts == [.user(id: "U1", name: nil), .text(" is the comms lead for #3")])
        #expect(RichText(parts: [.text("a"), .text(""), .text("b")]).parts == [.text("ab")])
        #expect(RichText("  padded \n").trimmed() == "padded")
    }

    /// Text alone is a JSON string, so effects stored before rich text existed still read back.
    @Test func codableKeepsPlainTextAPlainString() throws {
        let plain = try JSONEncoder().encode(RichText("Rolled back"))
        #expect(String(decoding: plain, as: UTF8.self) == #""Rolled back""#)
        #expect(try JSONDecoder().decode(RichText.self, from: Data(#""legacy text""#.utf8)) == "legacy text")
        let rich = try JSONEncoder().encode(dashboard)
        #expect(try JSONDecoder().decode(RichText.self, from: rich) == dashboard)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RichText.self, from: Data(#"[{"bogus":1}]"#.utf8)) }
    }
}

@Suite struct ParsingRichTextTests {
    let parser = CommandParser(catalog: CommandCatalog(
        command: "/incident", description: "d", usageHint: "h",
        subcommands: CommandParser.knownSubcommands.sorted().map { SubcommandSpec(name: $0, usage: $0, summary: "s", scope: .anywhere) }
    ), configuration: Example.configuration)

    @Test func aStatusKeepsItsLinkAndMention() {
        let link = RichText.Part.link(url: "https://grafana.example.com/d/x", label: "dash")
        let typed = RichText(parts: [.text("status identified see "), link, .text(" ask "), .user(id: "U0DANA", name: "dana")])
        #expect(parser.parse(typed) == .success(.inIncident(.status(.identified, text: RichText(parts: [.text("see "), link, .text(" ask "), .user(id: "U0DANA", name: "dana")])))))
    }

    @Test func aTitleIsPlainTextOnOneLine() {
        let typed = RichText(parts: [.text("declare SEV1 checkout 502s & <timeouts>\nsince "), .link(url: "https://status.example.com", label: nil), .text(" cc "), .user(id: "U1", name: "dana")])
        #expect(parser.parse(typed) == .success(.anywhere(.declare(IncidentDeclaration(
            severity: "SEV1", service: "checkout", title: "502s & <timeouts> since https://status.example.com cc @dana"
        )))))
    }

    @Test func aMentionFollowedByPunctuationIsNotAPerson() {
        let typed = RichText(parts: [.text("role comms "), .user(id: "U0DANA", name: "dana"), .text(",")])
        #expect(parser.parse(typed) == .failure(.badRole(usage: "role")))
        #expect(parser.parse(RichText(parts: [.text("page "), .user(id: "U0DANA", name: "dana")])) == .success(.inIncident(.page(.user("U0DANA")))))
    }

    @Test func urlsWrittenOutInTextAreFoundInAnyCaseAndMidWord() {
        let text = RichText(parts: [.text("see:HTTPS://grafana.example.com/d/x and http://a.example/b\tthen httpx://no hthttp://c.example https://grafana.example.com/d/x")])
        #expect(text.links == ["HTTPS://grafana.example.com/d/x", "http://a.example/b", "http://c.example", "https://grafana.example.com/d/x"])
        #expect(RichText(parts: [.text("no links, just http and ünïcödé")]).links.isEmpty)
    }
}
