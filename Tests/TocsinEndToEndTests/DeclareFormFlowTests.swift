import Foundation
import Testing
import TocsinSandbox

/// Issue #15: declaring with the form, end to end: the sandbox's console sends the slash command, the shortcut and
/// the submitted modal signed as Slack sends them; the bot opens the modal with `views.open` and answers the
/// submission in the acknowledgement (`response_action: errors` or nothing).
@Suite struct DeclareFormFlowTests {
    /// `/incident declare` alone opens the form; a blank title is answered in the modal, which stays open;
    /// fixed, the submission declares exactly as the command line does, and the description enters the timeline.
    @Test func theFormOpensShowsAValidationErrorAndThenDeclares() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot { bot in
                try await harness.withConsole(to: bot) { console in
                    let typed = try await console.type("/incident declare", as: "priya", in: "general")
                    #expect((typed["reply"] as? String)?.hasPrefix("Fill in the form to declare") == true, "\(typed)")
                    let view = try #require(await workspace.openedViews().last)
                    #expect(view.callbackID == "declare_incident")
                    #expect(view.title == "Declare incident")
                    #expect(view.userID == "U01PAYLEAD")
                    #expect(view.blocksJSON.contains(#""block_id":"severity""#))
                    #expect(view.blocksJSON.contains(#"{"description":{"text":"Major degradation","type":"plain_text"},"text":{"text":"SEV1","type":"plain_text"},"value":"SEV1"}"#))
                    #expect(view.blocksJSON.contains(#"{"description":{"text":"tier 1 · payments","type":"plain_text"},"text":{"text":"checkout","type":"plain_text"},"value":"checkout"}"#))

                    let blank = try await console.send("view", ["view_id": view.id, "values": [
                        "title": "   ", "severity": "SEV1", "service": "checkout", "description": "Declines at 40 %",
                    ]])
                    #expect(blank["closed"] as? Bool == false, "\(blank)")
                    #expect((blank["errors"] as? [String: String])?["title"] == "Say what is broken, e.g. Card payments failing.")
                    #expect(await workspace.openedViews().last?.isOpen == true)
                    #expect(await workspace.channel(named: DeclareFlowTests.channelName) == nil)

                    let fixed = try await console.send("view", ["view_id": view.id, "values": [
                        "title": "Card payments failing", "severity": "SEV1", "service": "checkout", "description": "Declines at 40 %",
                    ]])
                    #expect(fixed["closed"] as? Bool == true, "\(fixed)")
                }
                #expect(await DeclareFlowTests.waitForDelivery(harness))
                let channel = try #require(await workspace.channel(named: DeclareFlowTests.channelName))
                #expect(await workspace.channel(id: channel.id)?.topic.hasPrefix("SEV1 · declared · Card payments failing") == true)
                let timeline = try await bot.command("timeline", user: "U01PAYLEAD", channel: channel.id).text
                #expect(timeline.contains("Declared SEV1 on checkout: Card payments failing"), "\(timeline)")
                #expect(timeline.contains("Declines at 40 %"), "\(timeline)")
                #expect(await workspace.openedViews().last?.isOpen == false)
            }
        }
    }

    /// The message shortcut: the message fills the description and becomes the first timeline entry after the
    /// declaration, under its author; the global shortcut opens the same, empty form.
    @Test func aMessageShortcutDeclaresWithTheMessageAsTheFirstTimelineEntry() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot { bot in
                let general = try #require(await workspace.channel(named: "general"))
                let message = try #require(await workspace.postAsUser("U04SRE", channelID: general.id, text: "Checkout 500s since 07:58 & rising", threadTS: nil))
                try await harness.withConsole(to: bot) { console in
                    let global = try await console.send("shortcut", ["user": "omar", "callback_id": "declare_incident"])
                    #expect(global["ok"] as? Bool == true, "\(global)")
                    let empty = try #require(await workspace.openedViews().last)
                    #expect(empty.callbackID == "declare_incident")
                    #expect(!empty.blocksJSON.contains("initial_value"))

                    let shortcut = try await console.send("shortcut", [
                        "user": "priya", "callback_id": "declare_incident_from_message", "channel": general.id, "message_ts": message.ts,
                    ])
                    #expect(shortcut["ok"] as? Bool == true, "\(shortcut)")
                    let view = try #require(await workspace.openedViews().last)
                    #expect(view.id != empty.id)
                    #expect(view.blocksJSON.contains(#""initial_value":"Checkout 500s since 07:58 & rising""#), "\(view.blocksJSON)")
                    #expect(view.privateMetadata == "message \(general.id) \(message.ts) U04SRE")
                    let sent = try await console.send("view", ["view_id": view.id, "values": [
                        "title": "Card payments failing", "severity": "SEV1", "service": "checkout", "description": "Checkout 500s since 07:58 & rising",
                    ]])
                    #expect(sent["closed"] as? Bool == true, "\(sent)")
                }
                #expect(await DeclareFlowTests.waitForDelivery(harness))
                let channel = try #require(await workspace.channel(named: DeclareFlowTests.channelName))
                let timeline = try await bot.command("timeline", user: "U01PAYLEAD", channel: channel.id).text
                let lines = timeline.split(separator: "\n").map(String.init)
                let declared = try #require(lines.firstIndex { $0.contains("Declared SEV1 on checkout") })
                #expect(lines.indices.contains(declared + 1) && lines[declared + 1].contains("Checkout 500s since 07:58 &amp; rising"), "\(timeline)")
                #expect(lines.indices.contains(declared + 1) && lines[declared + 1].contains("<@U04SRE>"), "\(timeline)")
            }
        }
    }
}
