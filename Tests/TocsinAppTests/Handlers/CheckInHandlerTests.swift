import Foundation
import Testing
@testable import TocsinApp
import TocsinCore

@Suite struct CheckInHandlerTests {
    @Test func theFirstCheckInIsRecordedAndASecondIsToldWhen() async throws {
        let harness = try HandlerHarness()
        let incident = try await harness.declareIncident()
        harness.clock.advance(by: 120)

        #expect(try await harness.checkIns.checkIn(incident, request: harness.request("checkin", by: "U04SRE")) == .checkedIn(incident: 1))
        #expect(try await harness.store.checkIns(incident: 1) == [CheckIn(userID: "U04SRE", at: HandlerHarness.start.addingTimeInterval(120))])

        harness.clock.advance(by: 600)
        let again = try await harness.checkIns.checkIn(incident, request: harness.request("checkin", by: "U04SRE"))
        #expect(again == .alreadyCheckedIn(incident: 1, at: HandlerHarness.start.addingTimeInterval(120)))
        #expect(harness.wording.text(again).plainText == "You already checked in on incident #1 at 2027-01-15 08:02 UTC.")
        #expect(try await harness.store.checkIns(incident: 1).count == 1)
    }

    @Test func theButtonChecksInInTheIncidentsOwnChannel() async throws {
        let harness = try HandlerHarness()
        try await harness.declareIncident()

        #expect(await harness.checkIns.click(harness.click(CheckInHandler.buttonID, value: "1", by: "U04SRE")) == .checkedIn(incident: 1))
        #expect(try await harness.store.checkIns(incident: 1).map(\.userID) == ["U04SRE"])
    }

    @Test func aButtonFromAnotherChannelOrNamingNothingChangesNothing() async throws {
        let harness = try HandlerHarness()
        try await harness.declareIncident()

        let elsewhere = await harness.checkIns.click(harness.click(CheckInHandler.buttonID, value: "1", by: "U04SRE", in: HandlerHarness.otherChannel))
        #expect(elsewhere == .refused(.buttonFromAnotherChannel(label: "Check in", incident: 1)))
        #expect(await harness.checkIns.click(harness.click(CheckInHandler.buttonID, value: "one")) == .checkInButtonNamesNoIncident)
        #expect(try await harness.store.checkIns(incident: 1).isEmpty)
    }

    @Test func aResolvedIncidentTakesNoCheckIns() async throws {
        let harness = try HandlerHarness()
        let incident = try await harness.declareIncident()
        _ = try await harness.changes.resolve(incident, summary: nil, request: harness.request("resolve"))

        let intent = try await harness.checkIns.checkIn(incident, request: harness.request("checkin", by: "U04SRE"))

        #expect(intent == .refused(.incidentClosed(incident: 1, state: .resolved)))
        #expect(try await harness.store.checkIns(incident: 1).isEmpty)
    }
}
