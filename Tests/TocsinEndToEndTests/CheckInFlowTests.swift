import Foundation
import Testing

/// The welcome's *Check in* button and `/incident checkin`, end to end.
@Suite struct CheckInFlowTests {
    /// A `block_actions` payload shaped like Slack's (see shared/slack/fixtures/block_actions.json), form-encoded.
    static func clickBody(user: String, channelID: String, messageTS: String, value: String) throws -> String {
        let payload: [String: Any] = [
            "type": "block_actions",
            "user": ["id": user, "username": "erin", "name": "erin", "team_id": "T0SANDBOX"],
            "api_app_id": "A0TOCSIN", "token": "legacy",
            "container": ["type": "message", "message_ts": messageTS, "channel_id": channelID, "is_ephemeral": false],
            "trigger_id": "12466734323.1395872398.7ff4d8fa1ba8c0a47bd1d3ad20ab98a4",
            "team": ["id": "T0SANDBOX", "domain": "tocsin-sandbox"],
            "channel": ["id": channelID, "name": "inc-1"],
            "response_url": "https://hooks.slack.com/actions/T0SANDBOX/1/abc",
            "actions": [[
                "action_id": "incident_check_in", "block_id": "b1", "text": ["type": "plain_text", "text": "Check in", "emoji": true],
                "value": value, "type": "button", "action_ts": "1700000000.000100",
            ]],
        ]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: payload), as: UTF8.self)
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return "payload=" + json.addingPercentEncoding(withAllowedCharacters: allowed)!
    }

    @Test func theButtonAndTheCommandRecordEachResponderOnce() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot { bot in
                _ = try await bot.command("declare SEV1 checkout Card payments failing", user: "U05EXEC")
                #expect(await DeclareFlowTests.waitForDelivery(harness))
                let channel = try #require(await workspace.channel(named: DeclareFlowTests.channelName))
                let welcome = try #require(await workspace.messages(inChannel: channel.id).first)

                let click = try Self.clickBody(user: "U02ONCALL1", channelID: channel.id, messageTS: welcome.ts, value: "1")
                let clicked = try await bot.post("/slack/interactions", body: click, contentType: "application/x-www-form-urlencoded")
                #expect(clicked.status == .ok)
                // A second click by the same person records nothing new.
                _ = try await bot.post("/slack/interactions", body: click, contentType: "application/x-www-form-urlencoded")

                let typed = try await bot.command("checkin", user: "U01PAYLEAD", channel: channel.id)
                #expect(typed.text == "You're checked in on incident #1; thank you. The time to action is recorded.")
                let again = try await bot.command("checkin", user: "U01PAYLEAD", channel: channel.id)
                #expect(again.text.hasPrefix("You already checked in on incident #1 at "))
                let outside = try await bot.command("checkin", user: "U01PAYLEAD", channel: "C0GENERAL")
                #expect(outside.text.contains("works inside an incident channel"))

                #expect(await harness.eventually { await $0.messages(inChannel: channel.id).count == 3 })
            }
            let channel = try #require(await workspace.channel(named: DeclareFlowTests.channelName))
            let texts = await workspace.messages(inChannel: channel.id).map(\.text)
            #expect(texts.count == 3)
            #expect(texts[1].hasPrefix(":white_check_mark: <@U02ONCALL1> checked in: first responder, "))
            #expect(texts[1].hasSuffix("(within the SEV1 target of 30 minutes)."))
            #expect(texts[2].hasPrefix(":white_check_mark: <@U01PAYLEAD> checked in after "))
        }
    }
}
