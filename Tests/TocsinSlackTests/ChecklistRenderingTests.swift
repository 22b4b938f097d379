import Foundation
import Testing
import TocsinApp
import TocsinCore
@testable import TocsinSlack

/// The welcome's runbook and checklist as Slack shows them: open items are buttons below the *Check in*
/// button, in rows of at most 25 (an actions block's limit), ticked items are lines saying who and when.
@Suite struct ChecklistRenderingTests {
    static let channel = ChannelInfo(id: "C0INC", name: "inc-12-checkout")
    let at = Date(timeIntervalSince1970: 1_800_000_000)

    func view(items: [ChecklistItem], resolved: Bool = false, runbook: String? = "https://wiki.example.com/runbooks/checkout?a=1&b=2") -> IncidentView {
        IncidentView(
            number: 12, title: "Card payments failing", severity: "SEV1", severitySummary: "Major degradation",
            service: "checkout", tier: 1, state: resolved ? "resolved" : "investigating", commander: "U1", declaredBy: "U1",
            updateEvery: "30 minutes", checkInWithin: "30 minutes", impactedServices: [], age: "1 hour", isResolved: resolved,
            runbook: runbook, checklist: items
        )
    }

    func render(_ view: IncidentView) throws -> OutgoingMessage {
        try TemplateRenderer(directory: TemplateRendererTests.templates).render(Post(target: .incidentChannel, view: view, content: .welcome), incidentChannel: Self.channel)
    }

    @Test func openItemsAreButtonsBelowCheckInAndTickedItemsSayWhoAndWhen() throws {
        let message = try render(view(items: [
            ChecklistItem(text: "Open a bridge call", doneBy: "U04SRE", doneAt: at),
            ChecklistItem(text: "Post the first customer status"),
            ChecklistItem(text: "Freeze deploys"),
        ]))
        #expect(([message.text] + message.sections).joined().contains("*Runbook:* <https://wiki.example.com/runbooks/checkout?a=1&amp;b=2|https://wiki.example.com/runbooks/checkout?a=1&amp;b=2>"))
        #expect(message.buttons.map(\.text) == ["Check in"])
        #expect(message.trailingParts.count == 1)
        let part = try #require(message.trailingParts.first)
        #expect(part.sections.joined().contains("*SEV1 checklist* (1 of 3 done): press an item when it is done"))
        #expect(part.sections.joined().contains(":white_check_mark: ~Open a bridge call~ (<@U04SRE>, 2027-01-15 08:00 UTC)"))
        #expect(part.buttons == [
            MessageButton(actionID: "checklist_item_1", text: "Post the first customer status", value: "12:Post the first customer status"),
            MessageButton(actionID: "checklist_item_2", text: "Freeze deploys", value: "12:Freeze deploys"),
        ])
    }

    @Test func theResolvedWelcomeListsTheChecklistWithoutButtons() throws {
        let message = try render(view(items: [ChecklistItem(text: "Open a bridge call", doneBy: "U04SRE", doneAt: at), ChecklistItem(text: "Freeze deploys")], resolved: true))
        #expect(message.buttons.isEmpty)
        let part = try #require(message.trailingParts.first)
        #expect(part.buttons.isEmpty)
        #expect(part.sections.joined().contains("(1 of 2 done)"))
        #expect(part.sections.joined().contains(":white_large_square: Freeze deploys"))
    }

    @Test func aWelcomeWithoutAChecklistOrRunbookIsAsBefore() throws {
        let message = try render(view(items: [], runbook: nil))
        #expect(message.trailingParts.isEmpty)
        #expect(message.sections.count == 3)
        #expect(!message.sections.joined().contains("Runbook"))
    }

    @Test func fiftyOpenItemsGoInRowsOfTwentyFiveWithinFiftyBlocks() throws {
        let items = (1...50).map { ChecklistItem(text: "Step \($0) " + String(repeating: "x", count: 60)) }
        let message = try render(view(items: items))
        let blocks = BlockKit.blocks(for: message)
        let types = blocks.map { block -> String in if case .actions = block { "actions" } else { "section" } }
        #expect(types == ["section", "section", "section", "actions", "section", "actions", "actions"])
        let rows = blocks.compactMap { block -> [MessageButton]? in if case .actions(let row) = block { row } else { nil } }
        #expect(rows.map(\.count) == [1, 25, 25])
        #expect(rows.dropFirst().flatMap { $0 }.map(\.actionID) == (0..<50).map { "checklist_item_\($0)" })
        #expect(blocks.count <= 50)
    }

    @Test func rowsNeverHoldMoreThanTwentyFiveButtonsAndTheSectionsGiveWayToTheRows() {
        let buttons = (0..<80).map { MessageButton(actionID: "b\($0)", text: "B\($0)", value: "\($0)") }
        let message = OutgoingMessage(
            text: "head", sections: Array(repeating: "words", count: 60), buttons: [],
            trailingParts: [MessagePart(sections: ["tail"], buttons: buttons)]
        )
        let blocks = BlockKit.blocks(for: message)
        #expect(blocks.count == 50)
        let rows = blocks.compactMap { block -> Int? in if case .actions(let row) = block { row.count } else { nil } }
        #expect(rows == [25, 25, 25, 5])
        #expect(blocks.contains(.section(mrkdwn: "tail")))
    }
}
