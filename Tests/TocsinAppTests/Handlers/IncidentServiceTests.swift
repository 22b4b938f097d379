import Foundation
import Logging
import Testing
@testable import TocsinApp
import TocsinCore

/// The way in: commands go to the router, clicks to the handler that owns their button, all worded once.
@Suite struct IncidentServiceTests {
    func service(_ harness: HandlerHarness) -> IncidentService {
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        return IncidentService(
            configuration: harness.context.configuration, catalog: harness.catalog, store: harness.store, renderer: harness.renderer,
            chat: harness.chat, replies: DeferredReplies(replies: NoReplies(), chat: harness.chat, logger: logger), delivery: DeliveryWakeUp(),
            now: harness.clock.now, logger: logger
        )
    }

    @Test func helpIsTheSameReplyEveryTime() async throws {
        let harness = try HandlerHarness()
        let service = service(harness)
        #expect(await service.handle(harness.request("help")) == service.helpReply)
        #expect(service.helpReply == .ephemeral(harness.catalog.helpText))
    }

    @Test func aCommandIsAnsweredInTheWordsOfItsIntent() async throws {
        let harness = try HandlerHarness()
        try await harness.declareIncident()
        let reply = await service(harness).handle(harness.request("note Failover started"))
        #expect(reply == .ephemeral("Noted in the timeline of #1."))
        #expect(reply.visibility == .ephemeral)
    }

    @Test func clicksGoToTheHandlerThatOwnsTheButton() async throws {
        let harness = try HandlerHarness()
        try await harness.declareIncident()
        let service = service(harness)

        #expect(await service.handle(harness.click("someone_elses_button", value: "1")) == nil)
        #expect(await service.handle(harness.click(CheckInHandler.buttonID, value: "1", by: "U04SRE"))
            == .ephemeral("You're checked in on incident #1; thank you. The time to action is recorded."))
        #expect(await service.handle(harness.click(ActionItemHandler.doneButtonID, value: "7")) == .ephemeral("There is no action item #7."))
        #expect(await service.handle(harness.click(SurveyHandler.buttonID, value: "1"))
            == .ephemeral("The retro survey of #1 opens once it is resolved; answer it then."))
        #expect(try await harness.store.checkIns(incident: 1).map(\.userID) == ["U04SRE"])
    }
}
