import Foundation
import Testing
import TocsinCore
import TocsinSlack

@Suite struct EventDecodingTests {
    @Test func urlVerificationYieldsTheChallenge() throws {
        let event = try SlackInbound.decodeEvent(jsonBody: SlackFixtures.urlVerification)
        #expect(event == .urlVerification(challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"))
    }

    @Test func appMentionFixture() throws {
        let event = try SlackInbound.decodeEvent(jsonBody: SlackFixtures.eventCallbackAppMention)
        #expect(event == .callback(EventCallback(
            eventID: "Ev111", teamID: "T111", eventTime: Date(timeIntervalSince1970: 1_595_926_230),
            type: .appMention, channel: "C111", user: "W222", ts: "1595926230.009600",
            text: RichText(parts: [.user(id: "W111", name: nil), .text(" Hi there!")]), authorizedUserIDs: ["W111"])))
    }

    /// Slack's documented example of `message_changed` (docs.slack.dev/reference/events/message/message_changed),
    /// with `previous_message` added as the Events API sends it: the edit reads like the message it replaces.
    @Test func messageChangedReadsAsTheEditedMessage() throws {
        let callback = try Self.callback(#"""
        {"token":"XXYYZZ","team_id":"T123ABC456","api_app_id":"A123ABC456","event":{"type":"message","subtype":"message_changed",
        "hidden":true,"channel":"C123ABC456","ts":"1358878755.000001","message":{"type":"message","user":"U123ABC456",
        "text":"Hello, world!","ts":"1355517523.000005","edited":{"user":"U123ABC456","ts":"1358878755.000001"}},
        "previous_message":{"type":"message","user":"U123ABC456","text":"Hello","ts":"1355517523.000005"}},
        "type":"event_callback","authorizations":[{"team_id":"T123ABC456","user_id":"U0BOT","is_bot":true,"is_enterprise_install":false}],
        "event_id":"Ev123ABC456","event_time":123456789}
        """#)
        #expect(callback.type == .message)
        #expect(callback.subtype == "message_changed")
        #expect(callback.channel == "C123ABC456")
        #expect(callback.ts == "1355517523.000005")
        #expect(callback.user == "U123ABC456")
        #expect(callback.text == "Hello, world!")
        #expect(callback.authorizedUserIDs == ["U0BOT"])
    }

    /// Slack's documented example of `message_deleted` (docs.slack.dev/reference/events/message/message_deleted).
    @Test func messageDeletedNamesTheDeletedTS() throws {
        let callback = try Self.callback(#"""
        {"token":"XXYYZZ","team_id":"T123ABC456","api_app_id":"A123ABC456","event":{"type":"message","subtype":"message_deleted",
        "hidden":true,"channel":"C123ABC456","ts":"1358878755.000001","deleted_ts":"1358878749.000002"},
        "type":"event_callback","event_id":"Ev123ABC456","event_time":123456789}
        """#)
        #expect(callback.subtype == "message_deleted")
        #expect(callback.deletedTS == "1358878749.000002")
        #expect(callback.channel == "C123ABC456")
    }

    /// Slack's documented example of `bot_message` (docs.slack.dev/reference/events/message/bot_message), in a channel.
    @Test func botMessageCarriesTheIntegrationsIDAndName() throws {
        let callback = try Self.callback(#"""
        {"token":"XXYYZZ","team_id":"T123ABC456","api_app_id":"A123ABC456","event":{"type":"message","subtype":"bot_message",
        "channel":"C123ABC456","ts":"1358877455.000010","text":"Pushing is the answer","bot_id":"BB12033","username":"github","icons":{}},
        "type":"event_callback","authorizations":[{"team_id":"T123ABC456","user_id":"U0BOT","is_bot":true,"is_enterprise_install":false}],
        "event_id":"Ev123ABC456","event_time":123456789}
        """#)
        #expect(callback.subtype == "bot_message")
        #expect(callback.botID == "BB12033")
        #expect(callback.botName == "github")
        #expect(callback.user == nil)
        #expect(callback.text == "Pushing is the answer")
    }

    @Test func reactionAddedFixture() throws {
        let callback = try Self.callback(SlackFixtures.eventCallbackReactionAdded)
        #expect(callback.type == .reactionAdded)
        #expect(callback.reaction == "heart_eyes")
        #expect(callback.user == "W111")
        #expect(callback.itemChannel == "C111")
        #expect(callback.itemTS == "1599529504.000400")
        #expect(callback.channel == nil)
    }

    @Test func memberJoinedChannelFixture() throws {
        let callback = try Self.callback(SlackFixtures.eventCallbackMemberJoinedChannel)
        #expect(callback.type == .memberJoinedChannel)
        #expect(callback.channel == "C111")
        #expect(callback.user == "U999")
        #expect(callback.eventTime == Date(timeIntervalSince1970: 1_599_616_881))
    }

    @Test func socketModeMessageEventPayload() throws {
        let envelopes = try #require(JSONSerializationHelper.array(SlackFixtures.socketModeEnvelopes))
        let payload = try #require(envelopes.first { $0["type"] as? String == "events_api" }?["payload"])
        let callback = try Self.callback(JSONSerializationHelper.data(payload))
        #expect(callback.type == .message)
        #expect(callback.eventID == "Ev111")
        #expect(callback.channel == "C111")
        #expect(callback.text == RichText(parts: [.user(id: "W111", name: nil)]))
        #expect(callback.ts == "1610197986.000300")
        #expect(callback.botID == nil)
    }

    /// The java-slack-sdk shape samples carry every field Slack was seen to send; none may trip the decoder.
    @Test(arguments: [
        (SlackFixtures.shapeEventMessage, EventType.message),
        (SlackFixtures.shapeEventAppMention, .appMention),
        (SlackFixtures.shapeEventReactionAdded, .reactionAdded),
        (SlackFixtures.shapeEventPinAdded, .pinAdded),
        (SlackFixtures.shapeEventMemberJoinedChannel, .memberJoinedChannel),
    ])
    func shapeSamplesDecode(json: String, type: EventType) throws {
        // Shape samples blank their values, the envelope `type` included; restore that one.
        var envelope = try #require(JSONSerializationHelper.object(json))
        envelope["type"] = "event_callback"
        #expect(try Self.callback(JSONSerializationHelper.data(envelope)).type == type)
    }

    @Test func pinAddedReadsChannelIDAndThePinnedMessage() throws {
        let body = """
        {"type":"event_callback","team_id":"T1","event_id":"Ev9","event_time":1700000000,
         "event":{"type":"pin_added","user":"U1","channel_id":"C9",
                  "item":{"type":"message","channel":"C9","message":{"ts":"1700000000.000100","text":"root cause"}},
                  "event_ts":"1700000000.000200"}}
        """
        let callback = try Self.callback(body)
        #expect(callback.channel == "C9")
        #expect(callback.itemChannel == "C9")
        #expect(callback.itemTS == "1700000000.000100")
    }

    @Test func threadedBotMessageKeepsThreadTSBotIDAndSubtype() throws {
        let body = """
        {"type":"event_callback","team_id":"T1","event_id":"Ev1","event_time":1700000000,
         "event":{"type":"message","subtype":"bot_message","bot_id":"B1","channel":"C1",
                  "text":"hi","ts":"1700000000.000300","thread_ts":"1700000000.000100"}}
        """
        let callback = try Self.callback(body)
        #expect(callback.threadTS == "1700000000.000100")
        #expect(callback.botID == "B1")
        #expect(callback.subtype == "bot_message")
    }

    @Test func unknownInnerTypeIsOtherNotAnError() throws {
        // channel_created carries `channel` as an object: read as absent, not a failure.
        let body = """
        {"type":"event_callback","team_id":"T1","event_id":"Ev2","event_time":1700000000,
         "event":{"type":"channel_created","channel":{"id":"C1","name":"fun"}}}
        """
        let callback = try Self.callback(body)
        #expect(callback.type == .other("channel_created"))
        #expect(callback.channel == nil)
    }

    @Test func appRateLimited() throws {
        let body = #"{"token":"x","type":"app_rate_limited","team_id":"T1","minute_rate_limited":1518467820,"api_app_id":"A1"}"#
        #expect(try SlackInbound.decodeEvent(jsonBody: body) == .appRateLimited)
    }

    @Test(arguments: ["", "{", "not json", "[1,2]", #"{"type":"event_callback""#, "\"string\""])
    func malformedJSONIsRejected(body: String) {
        #expect {
            try SlackInbound.decodeEvent(jsonBody: body)
        } throws: { error in
            guard case PayloadError.malformed = error else { return false }
            return true
        }
    }

    @Test func missingEnvelopeFieldsAreNamed() {
        #expect(throws: PayloadError.missingField("type")) {
            try SlackInbound.decodeEvent(jsonBody: #"{"challenge":"x"}"#)
        }
        #expect(throws: PayloadError.missingField("challenge")) {
            try SlackInbound.decodeEvent(jsonBody: #"{"type":"url_verification"}"#)
        }
        #expect(throws: PayloadError.missingField("event_id")) {
            try SlackInbound.decodeEvent(jsonBody: #"{"type":"event_callback","team_id":"T1","event_time":1,"event":{"type":"message"}}"#)
        }
        #expect(throws: PayloadError.missingField("event")) {
            try SlackInbound.decodeEvent(jsonBody: #"{"type":"event_callback","team_id":"T1","event_id":"E","event_time":1}"#)
        }
    }

    @Test func unknownEnvelopeTypeIsUnsupported() {
        #expect(throws: PayloadError.unsupportedType("something_new")) {
            try SlackInbound.decodeEvent(jsonBody: #"{"type":"something_new"}"#)
        }
    }

    static func callback(_ body: String) throws -> EventCallback {
        try callback(Array(body.utf8))
    }

    static func callback(_ body: [UInt8]) throws -> EventCallback {
        guard case .callback(let callback) = try SlackInbound.decodeEvent(jsonBody: body) else {
            Issue.record("not an event callback")
            throw PayloadError.unsupportedType("test")
        }
        return callback
    }
}
