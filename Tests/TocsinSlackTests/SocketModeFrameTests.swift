import Foundation
import Testing
import TocsinApp
import TocsinSlack

/// Socket Mode frames as Slack sends them (envelopes from shared/slack/fixtures/socket_mode_envelopes.json) and
/// the acknowledgements Tocsin writes back.
@Suite struct SocketModeFrameTests {
    static let slashCommand = #"""
    {"envelope_id":"1d3c79ab-0ffb-41f3-a080-d19e85f53649","payload":{"token":"xxx","team_id":"T111","team_domain":"xxx","channel_id":"C111","channel_name":"random","user_id":"U111","user_name":"seratch","command":"/hello-socket-mode","text":"","api_app_id":"A111","response_url":"https://hooks.slack.com/commands/T111/111/xxx","trigger_id":"111.222.xxx"},"type":"slash_commands","accepts_response_payload":true}
    """#
    static let event = #"""
    {"envelope_id":"08cfc559-d933-402e-a5c1-79e135afaae4","payload":{"token":"xxx","team_id":"T111","api_app_id":"A111","event":{"client_msg_id":"c9b466b5-845c-49c6-a371-57ae44359bf1","type":"message","text":"<@W111>","user":"U111","ts":"1610197986.000300","team":"T111","channel":"C111","event_ts":"1610197986.000300","channel_type":"channel"},"type":"event_callback","event_id":"Ev111","event_time":1610197986,"authorizations":[{"enterprise_id":null,"team_id":"T111","user_id":"U111","is_bot":true,"is_enterprise_install":false}],"is_ext_shared_channel":false,"event_context":"1-message-T111-C111"},"type":"events_api","accepts_response_payload":false,"retry_attempt":1,"retry_reason":"timeout"}
    """#

    @Test func helloAndDisconnectAreRead() throws {
        #expect(try SocketModeFrame.decode(#"{"type":"hello","num_connections":1,"connection_info":{"app_id":"A1"}}"#) == .hello)
        #expect(try SocketModeFrame.decode(#"{"type":"disconnect","reason":"refresh_requested"}"#) == .disconnect(reason: "refresh_requested"))
        #expect(throws: PayloadError.self) { try SocketModeFrame.decode("not json") }
        #expect(throws: PayloadError.self) { try SocketModeFrame.decode(#"{"type":"slash_commands","payload":{}}"#) }
    }

    @Test func aSlashCommandEnvelopeDecodesAsTheHTTPFormDoes() throws {
        guard case .envelope(let envelope) = try SocketModeFrame.decode(Self.slashCommand) else {
            Issue.record("not an envelope")
            return
        }
        #expect(envelope.id == "1d3c79ab-0ffb-41f3-a080-d19e85f53649")
        #expect(envelope.kind == .slashCommand)
        #expect(envelope.acceptsResponsePayload)
        let command = try SlackInbound.decodeSlashCommand(formBody: try envelope.slashCommandFormBody())
        #expect(command.command == "/hello-socket-mode")
        #expect(command.userID == "U111")
        #expect(command.channelID == "C111")
        #expect(command.triggerID == "111.222.xxx")
        #expect(envelope.acknowledgement(reply: Array(#"{"text":"hi"}"#.utf8))
            == #"{"envelope_id":"1d3c79ab-0ffb-41f3-a080-d19e85f53649","payload":{"text":"hi"}}"#)
    }

    @Test func anEventEnvelopeCarriesTheEventsAPIBodyAndItsRetry() throws {
        guard case .envelope(let envelope) = try SocketModeFrame.decode(Self.event) else {
            Issue.record("not an envelope")
            return
        }
        #expect(envelope.kind == .event)
        #expect(envelope.retryAttempt == 1)
        guard case .callback(let callback) = try SlackInbound.decodeEvent(jsonBody: envelope.payloadJSON) else {
            Issue.record("not an event callback")
            return
        }
        #expect(callback.eventID == "Ev111")
        // No payload may ride on the ack of an envelope that does not accept one.
        #expect(envelope.acknowledgement(reply: Array(#"{"text":"hi"}"#.utf8)) == #"{"envelope_id":"08cfc559-d933-402e-a5c1-79e135afaae4"}"#)
    }
}
