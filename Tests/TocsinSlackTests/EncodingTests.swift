import Foundation
import Testing
import TocsinApp
import TocsinCore
@testable import TocsinSlack

@Suite struct EncodingTests {
    static func encode(_ body: ChatMessageBody) throws -> [String: Any] {
        let encoder = JSONEncoder()
        return try TestSupport.jsonObject(Array(encoder.encode(body)))
    }

    @Test func sectionsAndButtonsBecomeBlockKit() throws {
        let message = OutgoingMessage(
            text: "SEV1 declared: card declines",
            sections: ["*SEV1* card declines", "Commander: <@U1>"],
            buttons: [
                MessageButton(actionID: "incident.ack", text: "Acknowledge", value: "INC-42", style: .primary),
                MessageButton(actionID: "incident.join", text: "Join", value: "INC-42"),
            ],
            threadTS: "1700000000.000100")
        let json = try Self.encode(.post(message, channelID: "C1"))

        #expect(json["channel"] as? String == "C1")
        #expect(json["text"] as? String == "SEV1 declared: card declines")
        #expect(json["thread_ts"] as? String == "1700000000.000100")
        #expect(json["token"] == nil)
        let blocks = try #require(json["blocks"] as? [[String: Any]])
        #expect(blocks.count == 3)
        #expect(blocks[0]["type"] as? String == "section")
        let text = try #require(blocks[0]["text"] as? [String: Any])
        #expect(text["type"] as? String == "mrkdwn")
        #expect(text["text"] as? String == "*SEV1* card declines")
        #expect((blocks[1]["text"] as? [String: Any])?["text"] as? String == "Commander: <@U1>")

        #expect(blocks[2]["type"] as? String == "actions")
        let elements = try #require(blocks[2]["elements"] as? [[String: Any]])
        #expect(elements.count == 2)
        #expect(elements[0]["type"] as? String == "button")
        #expect(elements[0]["action_id"] as? String == "incident.ack")
        #expect(elements[0]["value"] as? String == "INC-42")
        #expect(elements[0]["style"] as? String == "primary")
        let label = try #require(elements[0]["text"] as? [String: Any])
        #expect(label["type"] as? String == "plain_text")
        #expect(label["text"] as? String == "Acknowledge")
        #expect(elements[1]["style"] == nil)
    }

    @Test func textOnlyMessageSendsJustText() throws {
        let json = try Self.encode(.post(OutgoingMessage(text: "hello"), channelID: "C1"))
        #expect(Set(json.keys) == ["channel", "text"])
    }

    /// Slack shows a message with blocks from its blocks alone: the words go in a section before the buttons.
    @Test func buttonsWithoutSectionsShowTheTextInASectionFirst() throws {
        let message = OutgoingMessage(text: "Incident #1 resolved", buttons: [MessageButton(actionID: "a", text: "A", value: "v", style: .danger)])
        let blocks = try #require(try Self.encode(.post(message, channelID: "C1"))["blocks"] as? [[String: Any]])
        #expect(blocks.count == 2)
        #expect(blocks[0]["type"] as? String == "section")
        #expect((blocks[0]["text"] as? [String: Any])?["text"] as? String == "Incident #1 resolved")
        #expect(blocks[1]["type"] as? String == "actions")
        #expect((blocks[1]["elements"] as? [[String: Any]])?.first?["style"] as? String == "danger")
    }

    @Test func updateAlwaysSendsBlocksSoOldButtonsGo() throws {
        let json = try Self.encode(.update(OutgoingMessage(text: "resolved"), channelID: "C1", ts: "1.2"))
        #expect(json["ts"] as? String == "1.2")
        #expect((json["blocks"] as? [Any])?.isEmpty == true)
        #expect(json["thread_ts"] == nil)
    }

    @Test func commandReplies() throws {
        let ephemeral = try TestSupport.jsonObject(SlackResponseEncoder.encode(.ephemeral("Try `/incident help`.")))
        #expect(ephemeral["response_type"] as? String == "ephemeral")
        #expect(ephemeral["text"] as? String == "Try `/incident help`.")
        #expect(ephemeral.count == 2)

        let inChannel = try TestSupport.jsonObject(SlackResponseEncoder.encode(CommandReply(text: "a \"quoted\" <b>", visibility: .inChannel)))
        #expect(inChannel["response_type"] as? String == "in_channel")
        #expect(inChannel["text"] as? String == "a \"quoted\" &lt;b&gt;", "only &, < and > are escaped, once")
    }

    @Test func replyTextSurvivesEveryCharacterJSONMustEscape() throws {
        let text = "line 1\nline 2\r\ttab \\ back \"quote\" \u{01}\u{1F} bell\u{07} é 🚨 </script> `code`"
        let body = SlackResponseEncoder.encode(.ephemeral(RichText(text)))
        let json = try TestSupport.jsonObject(body)
        #expect(json["text"] as? String == text.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;"))
        let raw = String(decoding: body, as: UTF8.self)
        #expect(raw.hasPrefix(#"{"response_type":"ephemeral","text":"line 1\nline 2\r\t"#))
        #expect(raw.contains(#"\u0001\u001f bell\u0007 é 🚨 &lt;/script&gt;"#))
    }

    @Test func urlVerificationAnswer() throws {
        let json = try TestSupport.jsonObject(SlackResponseEncoder.urlVerification(challenge: "3eZbrw1aBm2r/ZgRN"))
        #expect(json as NSDictionary == ["challenge": "3eZbrw1aBm2r/ZgRN"] as NSDictionary)
    }

    @Test func formDecodingKeepsTheFirstValueAndToleratesOddPairs() {
        let body = Array("a=1&&b&a=2&c=%zz%4&d=x+y%21\r\n".utf8)
        #expect(FormDecoder.fields(body) == ["a": "1", "b": "", "c": "%zz%4", "d": "x y!"])
        #expect(FormDecoder.decode(body).map(\.name) == ["a", "b", "a", "c", "d"])
        #expect(FormDecoder.fields([]).isEmpty)
        #expect(FormDecoder.fields(Array("=v".utf8)) == ["": "v"])
    }

    @Test func formEncodingEscapesReservedCharacters() {
        let body = String(decoding: FormEncoder.encode([("topic", "SEV1: a&b=c + d/é"), ("users", "U1,U2")]), as: UTF8.self)
        #expect(body == "topic=SEV1%3A%20a%26b%3Dc%20%2B%20d%2F%C3%A9&users=U1%2CU2")
        #expect(FormDecoder.fields(Array(body.utf8)) == ["topic": "SEV1: a&b=c + d/é", "users": "U1,U2"])
    }
}
