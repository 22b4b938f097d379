import Foundation
import Testing

@testable import TocsinSandbox

/// Slack's limits on buttons and blocks, which the welcome's checklist relies on: the workspace refuses a
/// message that breaks one with `invalid_blocks`, as Slack does, so a bot that would break one fails here first.
@Suite("Button and block limits")
struct ButtonLimitsTests {
    static func button(_ text: String = "Open a bridge", actionID: String = "b1", value: String = "1:x") -> String {
        let escaped = { (raw: String) in raw.replacingOccurrences(of: "\"", with: "\\\"") }
        return #"{"type":"button","text":{"type":"plain_text","text":"\#(escaped(text))"},"action_id":"\#(escaped(actionID))","value":"\#(escaped(value))"}"#
    }

    static func actions(_ buttons: [String]) -> String {
        #"{"type":"actions","elements":[\#(buttons.joined(separator: ","))]}"#
    }

    static let section = #"{"type":"section","text":{"type":"mrkdwn","text":"words"}}"#

    @Test func buttonsWithinSlacksLimitsArePostedAndOneOverIsRefused() async throws {
        try await Sandbox.with { sandbox in
            let id = try await sandbox.createChannel("inc-9-limits")
            func post(_ blocks: [String]) async throws -> String? {
                try await sandbox.call("chat.postMessage", ["channel": id, "text": "x", "blocks": "[\(blocks.joined(separator: ","))]"]).error
            }
            let twentyFive = (0..<25).map { Self.button("Item \($0)", actionID: "checklist_item_\($0)") }
            #expect(try await post([Self.section, Self.actions(twentyFive)]) == nil)
            #expect(try await post([Self.actions([Self.button(String(repeating: "a", count: 75))])]) == nil)
            #expect(try await post([Self.actions([Self.button(actionID: String(repeating: "a", count: 255), value: String(repeating: "v", count: 2000))])]) == nil)

            #expect(try await post([Self.actions(twentyFive + [Self.button("Item 25", actionID: "checklist_item_25")])]) == "invalid_blocks")
            #expect(try await post([Self.actions([Self.button(String(repeating: "a", count: 76))])]) == "invalid_blocks")
            #expect(try await post([Self.actions([Self.button(actionID: String(repeating: "a", count: 256))])]) == "invalid_blocks")
            #expect(try await post([Self.actions([Self.button(value: String(repeating: "v", count: 2001))])]) == "invalid_blocks")
            #expect(try await post([Self.actions([Self.button("One", actionID: "same"), Self.button("Two", actionID: "same")])]) == "invalid_blocks")
            #expect(try await post(Array(repeating: Self.section, count: 50)) == nil)
            #expect(try await post(Array(repeating: Self.section, count: 51)) == "invalid_blocks")
            #expect(await sandbox.workspace.messages(inChannel: id).count == 4)
        }
    }
}
