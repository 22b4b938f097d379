import Foundation
import Testing
import TocsinApp
import TocsinCore
import TocsinSlack

/// Issue #10: a `ts` that is not Slack's `^[0-9]{1,10}\.[0-9]{6}$` never gets past the decoder.
@Suite struct TimestampValidationTests {
    static func message(ts: String, threadTS: String? = nil, eventTime: String = "1700000000") -> String {
        let thread = threadTS.map { #","thread_ts":"\#($0)""# } ?? ""
        return """
        {"type":"event_callback","team_id":"T1","event_id":"Ev1","event_time":\(eventTime),
         "event":{"type":"message","channel":"C1","user":"U1","text":"hi","ts":"\(ts)"\(thread)}}
        """
    }

    @Test(arguments: ["nan", "inf", "-inf", "1e300", "12345678901234567890", "12345678901234567890.000100", "1700000000", "1700000000.1",
                      "1700000000.0001000", "-1.000000", "+1700000000.000100", " 1700000000.000100", "1700000000.00010a", "", "١٧٠٠٠٠٠٠٠٠.000100"])
    func anImpossibleTimestampReadsAsAbsent(_ ts: String) throws {
        let callback = try EventDecodingTests.callback(Self.message(ts: ts, threadTS: ts))
        #expect(callback.ts == nil)
        #expect(callback.threadTS == nil)
    }

    @Test(arguments: ["1700000000.000100", "1.000000", "9999999999.999999", "0000000000.000000"])
    func slacksTimestampsAreKept(_ ts: String) throws {
        let callback = try EventDecodingTests.callback(Self.message(ts: ts, threadTS: ts))
        #expect(callback.ts == ts)
        #expect(callback.threadTS == ts)
    }

    @Test func reactionsPinsEditsAndDeletionsCheckTheirTimestampsToo() throws {
        let reaction = """
        {"type":"event_callback","team_id":"T1","event_id":"Ev2","event_time":1700000000,
         "event":{"type":"reaction_added","user":"U1","reaction":"pushpin","item":{"type":"message","channel":"C1","ts":"1e300"}}}
        """
        #expect(try EventDecodingTests.callback(reaction).itemTS == nil)
        let edit = """
        {"type":"event_callback","team_id":"T1","event_id":"Ev3","event_time":1700000000,
         "event":{"type":"message","subtype":"message_changed","channel":"C1","ts":"1700000000.000200",
                  "message":{"user":"U1","text":"x","ts":"nan"}}}
        """
        #expect(try EventDecodingTests.callback(edit).ts == "1700000000.000200")
        let deletion = """
        {"type":"event_callback","team_id":"T1","event_id":"Ev4","event_time":1700000000,
         "event":{"type":"message","subtype":"message_deleted","channel":"C1","deleted_ts":"inf"}}
        """
        #expect(try EventDecodingTests.callback(deletion).deletedTS == nil)
    }

    @Test(arguments: ["1e300", "-5", "12345678901", "1.5e10"])
    func anImpossibleEventTimeIsMalformed(_ eventTime: String) {
        #expect(throws: PayloadError.self) { try SlackInbound.decodeEvent(jsonBody: Self.message(ts: "1700000000.000100", eventTime: eventTime)) }
    }

    @Test func aCommandIsNamedByItsTriggerIDOrElseByItsSignedBodyAndTimestamp() {
        let body = Array("command=%2Fincident&text=note+x".utf8)
        #expect(SlackInbound.commandRequestID(triggerID: "13345224609.738474920.8088930838d88f008e0", formBody: body, timestamp: "1") == "command:13345224609.738474920.8088930838d88f008e0")
        let once = SlackInbound.commandRequestID(triggerID: nil, formBody: body, timestamp: "1700000000")
        #expect(once.hasPrefix("command-body:") && once.count == "command-body:".count + 64)
        #expect(SlackInbound.commandRequestID(triggerID: "", formBody: body, timestamp: "1700000000") == once)
        #expect(SlackInbound.commandRequestID(triggerID: nil, formBody: body, timestamp: "1700000001") != once)
        #expect(SlackInbound.commandRequestID(triggerID: nil, formBody: body + [0x31], timestamp: "1700000000") != once)
    }
}
