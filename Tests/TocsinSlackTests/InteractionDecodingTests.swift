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
            values: ["hspI": ["maBWU": "test"]])))
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

    @Test func socketModeShortcutIsOther() throws {
        let envelopes = try #require(JSONSerializationHelper.array(SlackFixtures.socketModeEnvelopes))
        let payload = try #require(envelopes.first { $0["type"] as? String == "interactive" }?["payload"])
        let interaction = try SlackInbound.decodeInteraction(payloadJSON: JSONSerializationHelper.data(payload))
        #expect(interaction == .other("shortcut"))
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
