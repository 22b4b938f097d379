import Foundation
import Testing
import TocsinApp
import TocsinCore

/// What every implementation of ``IncidentStore`` must do, as checks any store's test target runs:
///
/// ```swift
/// @Test(arguments: StoreContract.allCases)
/// func sqlite(_ check: StoreContract) async throws { try await check.verify(try makeStoreUnderTest()) }
/// ```
///
/// Each check starts from an empty store and asserts what a caller of the port would rely on. SQLite (in
/// memory and on disk) runs them in `TocsinStoreTests`; a PostgreSQL store's tests run the same list.
public enum StoreContract: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case declarationsAreNumberedInOrderWithoutGaps
    case concurrentDeclarationsGetDistinctNumbers
    case aRepeatedRequestDeclaresNothing
    case anUpdateStoresTheDecisionOrNothing
    case aRequestIDChangesAnIncidentOnce
    case aCheckInIsRecordedOnce
    case actionItemsGetTheirIDsFromTheStore
    case claimsHandOutLaneHeadsInOrder
    case aLeaseKeepsOtherOwnersOutUntilItEnds
    case onlyTheLeaseHolderRecordsAnOutcome
    case aRetriedEntryWaitsAndHoldsItsLane
    case completionAndFailureQueueFollowUps
    case pagesHaveTheirOwnLanePerIncident
    case announcementsAreQueuedOnceWithoutAnIncident
    case alarmsWaitForTheirDueTime
    case inboundEventsAreNewOnce
    case everyTimelineKindIsKept
    case theChannelDirectoryRemembersChannels
    case recordsStayWithTheirIncident
    case unreadableRowsAreErrors
    case onCallShiftsKeepTheirKind
    case aDrillStaysADrill
    case theLatestActiveIncidentsOnServicesAreReadNewestFirst

    public var testDescription: String { rawValue }

    /// Runs this check against a fresh store.
    public func verify(_ subject: StoreUnderTest) async throws {
        let check = ContractChecks(subject: subject)
        switch self {
        case .declarationsAreNumberedInOrderWithoutGaps: try await check.declarationsAreNumberedInOrderWithoutGaps()
        case .concurrentDeclarationsGetDistinctNumbers: try await check.concurrentDeclarationsGetDistinctNumbers()
        case .aRepeatedRequestDeclaresNothing: try await check.aRepeatedRequestDeclaresNothing()
        case .anUpdateStoresTheDecisionOrNothing: try await check.anUpdateStoresTheDecisionOrNothing()
        case .aRequestIDChangesAnIncidentOnce: try await check.aRequestIDChangesAnIncidentOnce()
        case .aCheckInIsRecordedOnce: try await check.aCheckInIsRecordedOnce()
        case .actionItemsGetTheirIDsFromTheStore: try await check.actionItemsGetTheirIDsFromTheStore()
        case .claimsHandOutLaneHeadsInOrder: try await check.claimsHandOutLaneHeadsInOrder()
        case .aLeaseKeepsOtherOwnersOutUntilItEnds: try await check.aLeaseKeepsOtherOwnersOutUntilItEnds()
        case .onlyTheLeaseHolderRecordsAnOutcome: try await check.onlyTheLeaseHolderRecordsAnOutcome()
        case .aRetriedEntryWaitsAndHoldsItsLane: try await check.aRetriedEntryWaitsAndHoldsItsLane()
        case .completionAndFailureQueueFollowUps: try await check.completionAndFailureQueueFollowUps()
        case .pagesHaveTheirOwnLanePerIncident: try await check.pagesHaveTheirOwnLanePerIncident()
        case .announcementsAreQueuedOnceWithoutAnIncident: try await check.announcementsAreQueuedOnceWithoutAnIncident()
        case .alarmsWaitForTheirDueTime: try await check.alarmsWaitForTheirDueTime()
        case .inboundEventsAreNewOnce: try await check.inboundEventsAreNewOnce()
        case .everyTimelineKindIsKept: try await check.everyTimelineKindIsKept()
        case .theChannelDirectoryRemembersChannels: try await check.theChannelDirectoryRemembersChannels()
        case .recordsStayWithTheirIncident: try await check.recordsStayWithTheirIncident()
        case .unreadableRowsAreErrors: try await check.unreadableRowsAreErrors()
        case .onCallShiftsKeepTheirKind: try await check.onCallShiftsKeepTheirKind()
        case .aDrillStaysADrill: try await check.aDrillStaysADrill()
        case .theLatestActiveIncidentsOnServicesAreReadNewestFirst: try await check.theLatestActiveIncidentsOnServicesAreReadNewestFirst()
        }
    }
}
