import Foundation
import Testing
@testable import TocsinApp
import TocsinCore

@Suite struct ActionItemHandlerTests {
    @Test func anActionItemIsRecordedAndListed() async throws {
        let harness = try HandlerHarness()
        let incident = try await harness.declareIncident()

        let intent = try await harness.actionItems.add(
            ActionRequest(owner: "U0DANA", text: "Add an alert on late reports", due: "2027-01-20"), to: incident, request: harness.request("action x")
        )

        let stored = try await harness.store.actionItems(incident: 1)
        #expect(stored.map(\.text) == ["Add an alert on late reports"])
        let item = try #require(stored.first)
        #expect(intent == .actionRecorded(item))
        #expect(harness.wording.text(intent) == "Recorded action item #\(item.id) for \(user: "U0DANA"), due 2027-01-20.")
        #expect(try await harness.actionItems.list(of: incident) == .actionItems(incident: 1, items: stored, today: "2027-01-15"))
    }

    @Test func followUpsPutTheOverdueFirst() async throws {
        let harness = try HandlerHarness()
        let incident = try await harness.declareIncident()
        _ = try await harness.actionItems.add(ActionRequest(owner: "U0DANA", text: "Later", due: "2027-03-01"), to: incident, request: harness.request("action a"))
        _ = try await harness.actionItems.add(ActionRequest(owner: "U0DANA", text: "Soon", due: "2027-01-16"), to: incident, request: harness.request("action b"))
        harness.clock.advance(by: 3 * 86_400)

        let intent = try await harness.actionItems.followUps()

        guard case .openActionItems(let items, let today) = intent else { Issue.record("answered \(intent)"); return }
        #expect(today == "2027-01-18")
        #expect(items.map(\.text) == ["Soon", "Later"])
        #expect(harness.wording.text(intent).parts.contains(.strong("overdue")))
    }

    @Test func onlyTheOwnerOrTheCommanderMarksAnItemDone() async throws {
        let harness = try HandlerHarness()
        let incident = try await harness.declareIncident()
        _ = try await harness.actionItems.add(ActionRequest(owner: "U0DANA", text: "Fix", due: nil), to: incident, request: harness.request("action x"))
        let item = try #require(try await harness.store.actionItems(incident: 1).first)
        let value = String(item.id)

        #expect(await harness.actionItems.complete(harness.click(ActionItemHandler.doneButtonID, value: value, by: HandlerHarness.stranger)) == .actionNotYours(item))
        #expect(try await harness.store.actionItem(id: item.id)?.state == .open)
        #expect(await harness.actionItems.complete(harness.click(ActionItemHandler.doneButtonID, value: value, by: "U0DANA")) == .actionDone(id: item.id))
        #expect(try await harness.store.actionItem(id: item.id)?.state == .done)
        #expect(await harness.actionItems.complete(harness.click(ActionItemHandler.doneButtonID, value: value, by: HandlerHarness.commander)) == .actionAlreadyDone(id: item.id))
    }

    @Test func aDoneButtonThatNamesNoItemIsSaidSo() async throws {
        let harness = try HandlerHarness()
        try await harness.declareIncident()
        #expect(await harness.actionItems.complete(harness.click(ActionItemHandler.doneButtonID, value: "x")) == .doneButtonNamesNoItem)
        #expect(await harness.actionItems.complete(harness.click(ActionItemHandler.doneButtonID, value: "42")) == .noSuchActionItem(id: 42))
    }
}
