import Foundation
import TocsinCore

/// Incidents and what is recorded about them: the incident itself, its timeline, transcript, check-ins,
/// action items, survey answers and root messages.
///
/// Every method is one transaction. A change asks a `decide` closure what it means, given the incident as
/// stored inside the transaction, and stores the changed incident with the decision's effects (into the
/// ``Outbox``) and timeline entries atomically; `decide` must be pure, since an implementation may call it
/// again when its transaction is retried. A `requestID` names the inbound request a change carries out:
/// it is recorded with the change, in the ``InboundEventLog``, so a replayed request changes nothing.
public protocol IncidentRepository: Sendable {
    /// Assigns the next incident number, asks `decide` what declaring it means, and stores the
    /// incident with its effects in the outbox, all in one transaction. A `requestID` seen before
    /// (a retried request) declares nothing and returns the incident it declared, marked `isRepeat`.
    ///
    /// The number is one more than the highest stored, read inside the transaction that stores the
    /// incident: a number is used once it is stored and never before, so a crash neither reuses nor skips
    /// one, and a write that fails leaves its number to the next declaration. Two processes sharing a
    /// database must serialise this (one writer, or a sequence plus a unique key).
    func declareIncident(requestID: String?, _ decide: @escaping @Sendable (_ number: Int) -> Declaration) async throws(StoreError) -> Declaration
    /// Every incident number, oldest first.
    func incidentNumbers() async throws(StoreError) -> [Int]
    /// The incident with this number; throws `.corrupt` when its row cannot be read.
    func incident(number: Int) async throws(StoreError) -> Incident?
    /// The incident whose channel this is.
    func incident(channelID: String) async throws(StoreError) -> Incident?
    /// The incidents not yet resolved or cancelled, by number. A row that cannot be read is left out and reported.
    func activeIncidents() async throws(StoreError) -> [Incident]
    /// The newest active incidents (on-call shifts left out) whose channel is open, on one of `services`
    /// (a name matches as stored or lowercased), drills when `isDrill` and real incidents otherwise,
    /// incident `number` left out: newest first, at most `limit`. Related-incident detection reads these
    /// instead of every active incident, so a declaration costs the same with ten thousand open.
    func latestActiveIncidents(onServices services: Set<String>, isDrill: Bool, excluding number: Int, limit: Int) async throws(StoreError) -> [Incident]
    /// Loads the incident, asks `decide` what changes, and stores the changed incident with the
    /// decision's effects in one transaction. Nil when there is no such incident. A `requestID` recorded
    /// with an earlier change (a replayed request) changes nothing and is answered `.repeated`; it is
    /// recorded only with a change that is stored, so a refused request can be made again.
    func updateIncident<Failure: Error & Sendable>(
        number: Int, at: Date, requestID: String?, _ decide: @escaping @Sendable (Incident) -> Result<Decision, Failure>
    ) async throws(StoreError) -> RequestOutcome<Result<Decision, Failure>?>
    /// Records the channel that was created (or adopted) for an incident.
    func setChannel(_ channel: ChannelInfo, forIncident number: Int) async throws(StoreError)
    /// Active incidents whose next status update is due at or before `now`.
    func incidentsWithUpdateDue(at now: Date) async throws(StoreError) -> [Int]

    /// The incident's timeline, in time order.
    func timeline(incident number: Int) async throws(StoreError) -> [TimelineEntry]

    /// Keeps a message posted in an incident channel (the transcript); a ts seen before is kept once.
    func recordMessage(_ message: ChannelMessage, incident number: Int) async throws(StoreError)
    /// Keeps the edited text of a message in the transcript (adds the message if it was never seen).
    func recordEditedMessage(_ message: ChannelMessage, incident number: Int) async throws(StoreError)
    /// One message of the transcript, by its ts.
    func message(ts: String, incident number: Int) async throws(StoreError) -> ChannelMessage?
    /// The incident's transcript, in ts order.
    func transcript(incident number: Int) async throws(StoreError) -> [ChannelMessage]

    /// Records `userID`'s check-in on an incident once; on the first, stores the effects `decide`
    /// returns (given whether anyone had checked in before) in the same transaction. A `requestID`
    /// recorded before (a replayed request) changes nothing and is answered `.repeated`.
    func recordCheckIn(
        incident number: Int, userID: String, at: Date, requestID: String?,
        _ decide: @escaping @Sendable (_ incident: Incident, _ isFirst: Bool) -> Decision
    ) async throws(StoreError) -> RequestOutcome<CheckInOutcome>
    /// Everyone who checked in on an incident, earliest first.
    func checkIns(incident number: Int) async throws(StoreError) -> [CheckIn]
    /// Every incident, by number, with its check-ins and survey answers: a few queries however many incidents there are.
    func incidentHistories() async throws(StoreError) -> [IncidentHistory]

    /// Stores an action item with the id the store assigns, and its decision's effects, in one transaction;
    /// nil when there is no such incident. A `requestID` recorded before changes nothing (`.repeated`).
    func addActionItem(
        incident number: Int, at: Date, requestID: String?, _ decide: @escaping @Sendable (Incident, _ id: Int) -> (ActionItem, Decision)
    ) async throws(StoreError) -> RequestOutcome<ActionItem?>
    /// Marks an open action item done when `decide` allows it (returns a decision), in one transaction.
    func completeActionItem(id: Int, at: Date, _ decide: @escaping @Sendable (ActionItem, Incident) -> Decision?) async throws(StoreError) -> ActionItemCompletion
    /// One action item, by the id the store assigned.
    func actionItem(id: Int) async throws(StoreError) -> ActionItem?
    /// Links an action item to the tracker issue filed for it.
    func setTrackerKey(_ key: String, actionItem id: Int) async throws(StoreError)
    /// The action items of one incident, or of all incidents when `number` is nil.
    func actionItems(incident number: Int?) async throws(StoreError) -> [ActionItem]

    /// Stores (or replaces) a participant's survey answers; false when there is no such incident.
    func recordSurvey(_ response: SurveyResponse, incident number: Int) async throws(StoreError) -> Bool
    /// The survey answers of an incident, earliest first.
    func surveyResponses(incident number: Int) async throws(StoreError) -> [SurveyResponse]

    /// Remembers an incident's root message in a channel: the executive broadcast message in a ring
    /// channel, or the welcome in the incident channel.
    func recordRootMessage(incident number: Int, channelName: String, channelID: String, ts: String) async throws(StoreError)
    /// An incident's root message in a channel, by the channel's name.
    func rootMessage(incident number: Int, channelName: String) async throws(StoreError) -> RootMessage?
    /// The incident whose root message in a ring channel has this ts.
    func incident(rootMessageTS ts: String, channelID: String) async throws(StoreError) -> Incident?
}

extension IncidentRepository {
    /// ``updateIncident(number:at:requestID:_:)`` for a change no request id names (reminders, captures).
    public func updateIncident<Failure: Error & Sendable>(
        number: Int, at: Date, _ decide: @escaping @Sendable (Incident) -> Result<Decision, Failure>
    ) async throws(StoreError) -> Result<Decision, Failure>? {
        // Without a request id nothing is ever a repeat.
        try await updateIncident(number: number, at: at, requestID: nil, decide).value ?? nil
    }

    /// ``recordCheckIn(incident:userID:at:requestID:_:)`` without a request id.
    public func recordCheckIn(
        incident number: Int, userID: String, at: Date, _ decide: @escaping @Sendable (_ incident: Incident, _ isFirst: Bool) -> Decision
    ) async throws(StoreError) -> CheckInOutcome {
        try await recordCheckIn(incident: number, userID: userID, at: at, requestID: nil, decide).value ?? .noSuchIncident
    }

    /// ``addActionItem(incident:at:requestID:_:)`` without a request id.
    public func addActionItem(
        incident number: Int, at: Date, _ decide: @escaping @Sendable (Incident, _ id: Int) -> (ActionItem, Decision)
    ) async throws(StoreError) -> ActionItem? {
        try await addActionItem(incident: number, at: at, requestID: nil, decide).value ?? nil
    }
}
