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
}
