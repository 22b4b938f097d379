import Testing
import TocsinApp
import TocsinSlack

@Suite struct SlashCommandDecodingTests {
    @Test func boltFixtureDecodes() throws {
        let command = try SlackInbound.decodeSlashCommand(formBody: SlackFixtures.slashCommandForm)
        #expect(command == SlashCommandRequest(
            command: "/hello-world", text: "Hi", teamID: "T111", channelID: "C111", channelName: "random",
            userID: "W111", userName: "primary-owner",
            responseURL: "https://hooks.slack.com/commands/T111/111/xxxxx", triggerID: "111.111.xxx"))
    }

    @Test func fullFixtureDecodes() throws {
        let command = try SlackInbound.decodeSlashCommand(formBody: Array(SlackFixtures.slashCommandFullForm.utf8))
        #expect(command.command == "/weather")
        #expect(command.text == "94070")
        #expect(command.teamID == "T0001")
        #expect(command.channelID == "C2147483705")
        #expect(command.userID == "U2147483697")
        #expect(command.userName == "steve")
        #expect(command.responseURL == "https://hooks.slack.com/commands/1234/5678")
        #expect(command.triggerID == "13345224609.738474920.8088930838d88f008e0")
    }

    @Test func plusIsSpaceAndPercentEscapesDecode() throws {
        let body = "command=%2Fincident&text=declare+SEV1+checkout+%22card+declines%22+50%25+%E2%9C%85&team_id=T1&channel_id=C1&user_id=U1"
        let command = try SlackInbound.decodeSlashCommand(formBody: body)
        #expect(command.command == "/incident")
        #expect(command.text == "declare SEV1 checkout \"card declines\" 50% ✅")
        #expect(command.channelName == "")
        #expect(command.responseURL == nil)
    }

    @Test func literalPlusIsEscapedAsPercent2B() throws {
        let body = "command=%2Fincident&text=note+1%2B1%3D2&team_id=T1&channel_id=C1&user_id=U1"
        #expect(try SlackInbound.decodeSlashCommand(formBody: body).text == "note 1+1=2")
    }

    @Test func emptyTextIsAllowed() throws {
        let body = "command=%2Fincident&text=&team_id=T1&channel_id=C1&user_id=U1"
        #expect(try SlackInbound.decodeSlashCommand(formBody: body).text == "")
    }

    @Test(arguments: ["command", "user_id", "channel_id", "team_id"])
    func missingRequiredFieldIsNamed(field: String) {
        let fields = ["command=%2Fincident", "text=help", "team_id=T1", "channel_id=C1", "user_id=U1"]
        let body = fields.filter { !$0.hasPrefix(field + "=") }.joined(separator: "&")
        #expect(throws: PayloadError.missingField(field)) {
            try SlackInbound.decodeSlashCommand(formBody: body)
        }
    }

    @Test func socketModeSlashCommandPayloadHasTheSameFields() throws {
        // The Socket Mode envelope carries the same fields as JSON keys; re-encode as a form.
        let envelopes = try #require(JSONSerializationHelper.array(SlackFixtures.socketModeEnvelopes))
        let payload = try #require(envelopes.first { $0["type"] as? String == "slash_commands" }?["payload"] as? [String: String])
        let form = payload.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            .joined(separator: "&")
        let command = try SlackInbound.decodeSlashCommand(formBody: form)
        #expect(command.command == "/hello-socket-mode")
        #expect(command.userID == "U111")
        #expect(command.text == "")
    }
}
