import Foundation
import Testing

@testable import TocsinSandbox

@Suite("Modals")
struct ViewsTests {
    static let view = #"{"type":"modal","callback_id":"retro_survey","private_metadata":"7","title":{"type":"plain_text","text":"Retro"},"submit":{"type":"plain_text","text":"Send"},"blocks":[{"type":"input","block_id":"went_well","label":{"type":"plain_text","text":"What went well?"},"element":{"type":"plain_text_input","action_id":"answer"}}]}"#

    @Test func viewsOpenChecksTheTriggerAndTheViewAndRecordsIt() async throws {
        try await Sandbox.with { sandbox in
            func open(_ trigger: String, _ view: String = Self.view) async throws -> Sandbox.Answer {
                try await sandbox.callJSON("views.open", #"{"trigger_id":"\#(trigger)","view":\#(view)}"#)
            }
            #expect(try await open("not-a-trigger").error == "invalid_trigger_id")
            #expect(try await open("12345.67890.abcdef", #"{"type":"modal","title":{"type":"plain_text","text":"This title is far too long for Slack"},"blocks":[{"type":"divider"}]}"#).error == "invalid_arguments")
            #expect(try await open("12345.67890.abcdef", #"{"type":"modal","title":{"type":"plain_text","text":"Empty"},"blocks":[]}"#).error == "invalid_arguments")
            let opened = try await open("12345.67890.abcdef")
            #expect(opened.ok)
            #expect(opened["view"]?["callback_id"]?.stringValue == "retro_survey")
            #expect(try await open("12345.67890.abcdef").error == "exchanged_trigger_id")
            let views = await sandbox.workspace.openedViews()
            #expect(views.map(\.callbackID) == ["retro_survey"])
            #expect(views.first?.privateMetadata == "7")
            #expect(views.first?.blocksJSON.contains("went_well") == true)
        }
    }

    /// Issue #15: a trigger the workspace issued opens one modal within 3 seconds, for the person it was issued to.
    @Test func anIssuedTriggerExpiresAfterThreeSeconds() async throws {
        try await Sandbox.with { sandbox in
            let stale = await sandbox.workspace.issueTriggerID(userID: "U01PAYLEAD")
            await sandbox.workspace.ageTrigger(stale, by: 3.5)
            let expired = try await sandbox.callJSON("views.open", #"{"trigger_id":"\#(stale)","view":\#(Self.view)}"#)
            #expect(expired.error == "expired_trigger_id")
            let fresh = await sandbox.workspace.issueTriggerID(userID: "U01PAYLEAD")
            let opened = try await sandbox.callJSON("views.open", #"{"trigger_id":"\#(fresh)","view":\#(Self.view)}"#)
            #expect(opened.ok)
            let again = try await sandbox.callJSON("views.open", #"{"trigger_id":"\#(fresh)","view":\#(Self.view)}"#)
            #expect(again.error == "exchanged_trigger_id")
            #expect(await sandbox.workspace.openedViews().last?.userID == "U01PAYLEAD")
        }
    }

    /// Block Kit's rules for modal blocks, each refused as Slack refuses it (`invalid_arguments`).
    @Test(arguments: [
        // Two blocks with one block id.
        #"[{"type":"input","block_id":"a","label":{"type":"plain_text","text":"A"},"element":{"type":"plain_text_input","action_id":"x"}},{"type":"input","block_id":"a","label":{"type":"plain_text","text":"B"},"element":{"type":"plain_text_input","action_id":"x"}}]"#,
        // An input block without a label, or without an element.
        #"[{"type":"input","block_id":"a","element":{"type":"plain_text_input","action_id":"x"}}]"#,
        #"[{"type":"input","block_id":"a","label":{"type":"plain_text","text":"A"}}]"#,
        // An element Slack has no input of.
        #"[{"type":"input","block_id":"a","label":{"type":"plain_text","text":"A"},"element":{"type":"telepathy","action_id":"x"}}]"#,
        // A select with no options, or an option text over 75 characters.
        #"[{"type":"input","block_id":"a","label":{"type":"plain_text","text":"A"},"element":{"type":"static_select","action_id":"x","options":[]}}]"#,
        #"[{"type":"input","block_id":"a","label":{"type":"plain_text","text":"A"},"element":{"type":"static_select","action_id":"x","options":[{"text":{"type":"plain_text","text":"\#(String(repeating: "o", count: 76))"},"value":"v"}]}}]"#,
        // An initial value longer than the input's max_length.
        #"[{"type":"input","block_id":"a","label":{"type":"plain_text","text":"A"},"element":{"type":"plain_text_input","action_id":"x","max_length":3,"initial_value":"four"}}]"#,
    ])
    func aViewThatBreaksBlockKitsRulesIsRefused(blocks: String) async throws {
        try await Sandbox.with { sandbox in
            let view = #"{"type":"modal","title":{"type":"plain_text","text":"Declare"},"submit":{"type":"plain_text","text":"Go"},"blocks":\#(blocks)}"#
            let refused = try await sandbox.callJSON("views.open", #"{"trigger_id":"1.2.abc","view":\#(view)}"#)
            #expect(refused.error == "invalid_arguments")
        }
    }

    @Test func aModalWithInputsNeedsASubmitButton() async throws {
        try await Sandbox.with { sandbox in
            let view = Self.view.replacingOccurrences(of: #""submit":{"type":"plain_text","text":"Send"},"#, with: "")
            let refused = try await sandbox.callJSON("views.open", #"{"trigger_id":"1.2.abc","view":\#(view)}"#)
            #expect(refused.error == "invalid_arguments")
        }
    }
}
