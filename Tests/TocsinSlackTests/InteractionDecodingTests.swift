import Foundation
import Testing
import TocsinApp
import TocsinSlack

@Suite struct InteractionDecodingTests {
    /// Wraps a JSON payload the way Slack sends it: `payload=<urlencoded JSON>`.
    static func form(_ json: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return "payload=" + (json.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
    }

    @Test func blockActionsFormFixture() throws {
        let interaction = try SlackInbound.decodeInteraction(formBody: SlackFixtures.blockActionsForm)
        #expect(interaction == .blockActions([ButtonClick(
            actionID: "a", value: "click_me_123", userID: "W111", channelID: "C111", messageTS: "111.222",
            responseURL: "https://hooks.slack.com/actions/T111/111/random-value", triggerID: "111.222.valid")]))
    }

    @Test func blockActionsFixture() throws {
        let interaction = try SlackInbound.decodeInteraction(formBody: Self.form(SlackFixtures.blockActions))
        #expect(interaction == .blockActions([ButtonClick(
            actionID: "button", value: "clicked", userID: "U111", channelID: "C111",
            messageTS: "1678252213.679169", responseURL: "http://localhost:8888/webhook", triggerID: "4916855695380.xxx.yyy")]))
    }

    @Test func ephemeralBlockActionsFixtureMatchesItsFormEncoding() throws {
        let fromJSON = try SlackInbound.decodeInteraction(formBody: Self.form(SlackFixtures.blockActionsEphemeral))
        let fromForm = try SlackInbound.decodeInteraction(formBody: SlackFixtures.blockActionsForm)
        #expect(fromJSON == fromForm)
    }

    @Test func channelFallsBackToChannelID() throws {
        let json = #"{"type":"block_actions","user":{"id":"U1"},"channel":{"id":"C7"},"actions":[{"action_id":"ack","value":"INC-42","type":"button"}]}"#
        let interaction = try SlackInbound.decodeInteraction(formBody: Self.form(json))
        #expect(interaction == .blockActions([ButtonClick(
            actionID: "ack", value: "INC-42", userID: "U1", channelID: "C7", messageTS: nil, responseURL: nil)]))
    }

    @Test func shapeBlockActionsDecodes() throws {
        guard case .blockActions = try SlackInbound.decodeInteraction(formBody: Self.form(SlackFixtures.shapeBlockActions)) else {
            Issue.record("expected block_actions")
            return
        }
    }

    @Test func viewSubmissionFixture() throws {
        let interaction = try SlackInbound.decodeInteraction(formBody: Self.form(SlackFixtures.viewSubmission))
        #expect(interaction == .viewSubmission(ViewSubmission(
            callbackID: "view-id", userID: "W111", teamID: "T111", privateMetadata: "This is for you!",
            values: ["hspI": ["maBWU": "test"]], viewID: "V111")))
    }

    @Test func shapeViewSubmissionDecodes() throws {
        let interaction = try SlackInbound.decodeInteraction(formBody: Self.form(SlackFixtures.shapeViewSubmission))
        guard case .viewSubmission(let submission) = interaction else {
            Issue.record("expected view_submission")
            return
        }
        #expect(submission.values.isEmpty)
    }

    @Test func viewSubmissionFlattensSelects() throws {
        let json = """
        {"type":"view_submission","user":{"id":"U1"},"view":{"callback_id":"declare","private_metadata":"",
         "state":{"values":{
           "sev":{"pick":{"type":"static_select","selected_option":{"text":{"type":"plain_text","text":"SEV1"},"value":"SEV1"}}},
           "who":{"users":{"type":"multi_users_select","selected_users":["U1","U2"]}},
           "cmd":{"user":{"type":"users_select","selected_user":"U3"}},
           "title":{"t":{"type":"plain_text_input","value":"Card declines"}},
           "notes":{"n":{"type":"plain_text_input","value":null}}}}}}
        """
        guard case .viewSubmission(let submission) = try SlackInbound.decodeInteraction(formBody: Self.form(json)) else {
            Issue.record("expected view_submission")
            return
        }
        #expect(submission.callbackID == "declare")
        #expect(submission.values == [
            "sev": ["pick": "SEV1"], "who": ["users": "U1,U2"], "cmd": ["user": "U3"], "title": ["t": "Card declines"],
        ])
    }

    /// Issue #15: the global shortcut of bolt-python's Socket Mode fixture.
    @Test func socketModeGlobalShortcutDecodes() throws {
        let envelopes = try #require(JSONSerializationHelper.array(SlackFixtures.socketModeEnvelopes))
        let payload = try #require(envelopes.first { $0["type"] as? String == "interactive" }?["payload"])
        let interaction = try SlackInbound.decodeInteraction(payloadJSON: JSONSerializationHelper.data(payload))
        #expect(interaction == .shortcut(ShortcutRequest(callbackID: "do-something", userID: "U111", teamID: "T111", triggerID: "111.222.xxx")))
    }

    /// The message shortcut of bolt-python's `test_app_using_methods_in_class.py`: the message, its channel and
    /// author, its text decoded from Slack's markup once.
    @Test func messageShortcutDecodesWithItsMessage() throws {
        let json = #"""
        {"type":"message_action","token":"verification_token","action_ts":"1583637157.207593",
         "team":{"id":"T111","domain":"test-test","enterprise_id":"E111","enterprise_name":"Org Name"},
         "user":{"id":"W111","name":"test-test"},"channel":{"id":"C111","name":"dev"},"callback_id":"test-shortcut",
         "trigger_id":"111.222.xxx","message_ts":"1583636382.000300",
         "message":{"client_msg_id":"zzzz-111-222-xxx-yyy","type":"message","text":"<@W222> test &amp; more","user":"W111",
          "ts":"1583636382.000300","team":"T111","blocks":[]},
         "response_url":"https://hooks.slack.com/app/T111/111/xxx"}
        """#
        let interaction = try SlackInbound.decodeInteraction(formBody: Self.form(json))
        #expect(interaction == .shortcut(ShortcutRequest(
            callbackID: "test-shortcut", userID: "W111", teamID: "T111", triggerID: "111.222.xxx",
            responseURL: "https://hooks.slack.com/app/T111/111/xxx",
            message: DeclareForm.SourceMessage(channelID: "C111", ts: "1583636382.000300", userID: "W111", text: "@W222 test & more"))))
    }

    @Test func aMessageShortcutWithoutItsChannelIsRejected() {
        #expect(throws: PayloadError.missingField("channel.id")) {
            try SlackInbound.decodeInteraction(formBody: Self.form(#"{"type":"message_action","callback_id":"x","user":{"id":"U1"},"message":{"ts":"1.2"}}"#))
        }
    }

    @Test func aFormAnswerWithErrorsIsSlacksResponseAction() {
        #expect(SlackResponseEncoder.formAnswer(.close) == nil)
        let body = SlackResponseEncoder.formAnswer(.errors(["title": "Say \"what\"", "service": "No such service"]))
        #expect(body.map { String(decoding: $0, as: UTF8.self) }
            == #"{"errors":{"service":"No such service","title":"Say \"what\""},"response_action":"errors"}"#)
    }

    @Test func missingPayloadFieldIsNamed() {
        #expect(throws: PayloadError.missingField("payload")) {
            try SlackInbound.decodeInteraction(formBody: "token=x&type=block_actions")
        }
    }

    @Test func malformedPayloadJSONIsRejected() {
        #expect {
            try SlackInbound.decodeInteraction(formBody: "payload=%7Bnot+json")
        } throws: { error in
            guard case PayloadError.malformed = error else { return false }
            return true
        }
    }

    @Test func blockActionsWithoutUserIsRejected() {
        #expect(throws: PayloadError.missingField("user.id")) {
            try SlackInbound.decodeInteraction(formBody: Self.form(#"{"type":"block_actions","actions":[]}"#))
        }
    }
}
