import Foundation
import Testing
import TocsinApp
@testable import TocsinSlack

/// Every message shape as Slack will show it, within Slack's limits: words in a block whenever blocks are sent,
/// section text ≤ 3,000, ≤ 50 blocks, `chat.postMessage` text ≤ 40,000, `chat.update` text ≤ 4,000.
@Suite struct BlockKitLimitsTests {
    static func encode(_ body: ChatMessageBody) throws -> [String: Any] {
        try TestSupport.jsonObject(Array(JSONEncoder().encode(body)))
    }

    /// The section texts and the button labels of an encoded body, in order.
    static func shown(_ json: [String: Any]) -> (sections: [String], buttons: [String], types: [String]) {
        let blocks = json["blocks"] as? [[String: Any]] ?? []
        let sections = blocks.compactMap { ($0["text"] as? [String: Any])?["text"] as? String }
        let buttons = blocks.flatMap { ($0["elements"] as? [[String: Any]]) ?? [] }.compactMap { ($0["text"] as? [String: Any])?["text"] as? String }
        return (sections, buttons, blocks.compactMap { $0["type"] as? String })
    }

    static func words(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func theResolveMessageShowsItsWordsAboveTheRetroSurveyButton() throws {
        let text = ":white_check_mark: *#1 resolved* by <@U01PAYLEAD> after 2 hours. Rolled back\nEvery ring that was told has been sent the closing note."
        let message = OutgoingMessage(text: text, buttons: [MessageButton(actionID: "retro_survey_open", text: "Retro survey", value: "1")])
        let shown = Self.shown(try Self.encode(.post(message, channelID: "C1")))
        #expect(shown.types == ["section", "actions"])
        #expect(shown.sections == [text])
        #expect(shown.buttons == ["Retro survey"])
    }

    @Test func theActionItemMessageShowsItsWordsAboveTheDoneButton() throws {
        let text = ":memo: Action item #2 for <@U04SRE>: Canary payments-api deploys. Recorded by <@U01PAYLEAD>; <@U04SRE>, press *Done* when it is."
        let message = OutgoingMessage(text: text, buttons: [MessageButton(actionID: "action_item_done", text: "Done", value: "2")])
        let shown = Self.shown(try Self.encode(.post(message, channelID: "C1")))
        #expect(shown.types == ["section", "actions"])
        #expect(shown.sections == [text])
        #expect(shown.buttons == ["Done"])
    }

    /// The welcome's sections are its words; its notification text is not repeated as another section.
    @Test func aMessageWithSectionsShowsThemAndItsButtonsOnly() throws {
        let message = OutgoingMessage(
            text: "Incident #1", sections: ["Incident #1", "*Severity:* SEV1", "Press *Check in*"],
            buttons: [MessageButton(actionID: "incident_check_in", text: "Check in", value: "1", style: .primary)])
        let shown = Self.shown(try Self.encode(.post(message, channelID: "C1")))
        #expect(shown.types == ["section", "section", "section", "actions"])
        #expect(shown.sections == message.sections)
    }

    /// The resolved welcome, edited in place: its words in sections, and no actions block, so the old button goes.
    @Test func anUpdateWithoutButtonsSendsItsSectionsAndNoActions() throws {
        let message = OutgoingMessage(text: "Incident #1", sections: ["Incident #1", "*Resolved* after 2 hours."])
        let json = try Self.encode(.update(message, channelID: "C1", ts: "1.2"))
        let shown = Self.shown(json)
        #expect(shown.types == ["section", "section"])
        #expect(shown.buttons.isEmpty)
    }

    @Test func aLongTextOnlyMessageIsSplitIntoSectionsAtParagraphs() throws {
        let paragraph = String(repeating: "Declines are back to normal on every card network. ", count: 30)  // 1,530 characters
        let text = [paragraph, paragraph, paragraph].map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n\n")
        #expect(text.count > 4500)
        let json = try Self.encode(.post(OutgoingMessage(text: text), channelID: "C1"))
        let shown = Self.shown(json)
        #expect(shown.types == ["section", "section", "section"])
        #expect(shown.sections.allSatisfy { $0.utf16.count <= 3000 })
        #expect(shown.sections.joined(separator: "\n\n") == text)
        #expect(json["text"] as? String == text)
    }

    @Test func aLongSectionIsSplitAtWordsAndNeverInsideALinkOrAnEntity() throws {
        let filler = String(repeating: "rolling back ", count: 229)  // 2,977 characters
        let text = filler + "see <https://grafana.example.com/d/payments|the payments dashboard> for A &amp; B " + String(repeating: "more words ", count: 100)
        let shown = Self.shown(try Self.encode(.post(OutgoingMessage(text: "t", sections: [text]), channelID: "C1")))
        try #require(shown.sections.count == 2)
        #expect(shown.sections.allSatisfy { $0.utf16.count <= 3000 })
        #expect(shown.sections[1].hasPrefix("<https://grafana.example.com/d/payments|the payments dashboard> for A &amp; B"))
        #expect(Self.words(shown.sections.joined(separator: " ")) == Self.words(text))
    }

    /// Slack counts "characters"; emoji take two UTF-16 units, so 2,000 of them fill more than one section.
    @Test func lengthsCountUTF16UnitsSoEmojiCannotOverflowASection() throws {
        let text = Array(repeating: "🚨", count: 2000).joined(separator: " ")
        let shown = Self.shown(try Self.encode(.post(OutgoingMessage(text: "t", sections: [text]), channelID: "C1")))
        #expect(shown.sections.count == 2)
        #expect(shown.sections.allSatisfy { $0.utf16.count <= 3000 })
    }

    @Test func moreThanFiftyBlocksAreCutWithANote() throws {
        let sections = (1...60).map { "Step \($0)" }
        let message = OutgoingMessage(text: "t", sections: sections, buttons: [MessageButton(actionID: "a", text: "A", value: "v")])
        let shown = Self.shown(try Self.encode(.post(message, channelID: "C1")))
        #expect(shown.types.count == 50)
        #expect(shown.types.last == "actions")
        #expect(shown.sections.prefix(48) == sections.prefix(48))
        #expect(shown.sections.last == "Step 49" + SlackText.cutNote)
    }

    @Test func tooMuchTextForOneMessageIsCutWithANoteAndTheFallbackIsCapped() throws {
        let text = String(repeating: "card payments failing ", count: 2100)  // 46,200 characters
        let json = try Self.encode(.post(OutgoingMessage(text: text), channelID: "C1"))
        let shown = Self.shown(json)
        #expect(shown.sections.reduce(0) { $0 + $1.utf16.count } <= SlackText.blocksTextLimit)
        #expect(shown.sections.allSatisfy { $0.utf16.count <= 3000 })
        #expect(shown.sections.last?.hasSuffix(SlackText.cutNote) == true)
        let fallback = try #require(json["text"] as? String)
        #expect(fallback.utf16.count <= 40_000)
        #expect(fallback.hasSuffix(SlackText.cutNote))
        #expect(text.hasPrefix(String(fallback.dropLast(SlackText.cutNote.count))))
    }

    /// chat.update refuses `text` over 4,000 characters (`msg_too_long`): the text is capped, the blocks show the words.
    @Test func anUpdateCapsItsTextAt4000AndShowsTheWordsInBlocks() throws {
        let text = String(repeating: "Latest: card payments recovered. ", count: 140)  // 4,620 characters
        let json = try Self.encode(.update(OutgoingMessage(text: text), channelID: "C1", ts: "1.2"))
        let fallback = try #require(json["text"] as? String)
        #expect(fallback.utf16.count <= 4000)
        #expect(fallback.hasSuffix(SlackText.cutNote))
        let shown = Self.shown(json)
        #expect(shown.sections.count == 2)
        #expect(Self.words(shown.sections.joined(separator: " ")) == Self.words(text))
    }

    @Test(arguments: [
        ("", 10, [String]()),
        ("short", 10, ["short"]),
        ("one two three four", 9, ["one two", "three", "four"]),
        ("line one\nline two", 12, ["line one", "line two"]),
        ("para one.\n\nline\npara", 14, ["para one.", "line\npara"]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
        ("abc <@U1|name here> d", 18, ["abc", "<@U1|name here> d"]),
        ("x &amp;&amp;", 9, ["x &amp;", "&amp;"]),
    ])
    func splitting(text: String, limit: Int, pieces: [String]) {
        #expect(SlackText.split(text, limit: limit) == pieces)
    }
}
