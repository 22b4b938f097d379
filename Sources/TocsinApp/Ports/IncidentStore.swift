import Foundation
import TocsinCore

/// Durable state: incidents and the outbox of chat API work they imply.
///
/// Every method is one transaction. The live implementation is `AppDatabase` in TocsinStore (SQLite).
public protocol IncidentStore: Sendable {
    /// Assigns the next incident number, asks `decide` what declaring it means, and stores the
    /// incident with its effects in the outbox, all in one transaction. A `requestID` seen before
    /// (a retried request) declares nothing and returns the incident it declared, marked `isRepeat`.
    func declareIncident(requestID: String?, _ decide: @escaping @Sendable (_ number: Int) -> Declaration) async throws(StoreError) -> Declaration
    func incident(number: Int) async throws(StoreError) -> Incident?
    func incident(channelID: String) async throws(StoreError) -> Incident?
    func activeIncidents() async throws(StoreError) -> [Incident]
    /// Records `userID`'s check-in on an incident once; on the first, stores the effects `decide`
    /// returns (given whether anyone had checked in before) in the same transaction. A `requestID`
    /// recorded before (a replayed request) changes nothing and is answered `.repeated`.
    func recordCheckIn(
        incident number: Int, userID: String, at: Date, requestID: String?,
        _ decide: @escaping @Sendable (_ incident: Incident, _ isFirst: Bool) -> Decision
    ) async throws(StoreError) -> RequestOutcome<CheckInOutcome>
    /// Keeps a message posted in an incident channel (the transcript); a ts seen before is kept once.
    func recordMessage(_ message: ChannelMessage, incident number: Int) async throws(StoreError)
    /// Keeps the edited text of a message in the transcript (adds the message if it was never seen).
    func recordEditedMessage(_ message: ChannelMessage, incident number: Int) async throws(StoreError)
    func message(ts: String, incident number: Int) async throws(StoreError) -> ChannelMessage?
    func transcript(incident number: Int) async throws(StoreError) -> [ChannelMessage]
    /// The incident's timeline, in time order.
    func timeline(incident number: Int) async throws(StoreError) -> [TimelineEntry]
    /// Stores an action item with the id the store assigns, and its decision's effects, in one transaction;
    /// nil when there is no such incident. A `requestID` recorded before changes nothing (`.repeated`).
    func addActionItem(
        incident number: Int, at: Date, requestID: String?, _ decide: @escaping @Sendable (Incident, _ id: Int) -> (ActionItem, Decision)
    ) async throws(StoreError) -> RequestOutcome<ActionItem?>
    /// Marks an open action item done when `decide` allows it (returns a decision), in one transaction.
    func completeActionItem(id: Int, at: Date, _ decide: @escaping @Sendable (ActionItem, Incident) -> Decision?) async throws(StoreError) -> ActionItemCompletion
    func actionItem(id: Int) async throws(StoreError) -> ActionItem?
    /// Links an action item to the tracker issue filed for it.
    func setTrackerKey(_ key: String, actionItem id: Int) async throws(StoreError)
    /// The action items of one incident, or of all incidents when `number` is nil.
    func actionItems(incident number: Int?) async throws(StoreError) -> [ActionItem]
    /// Stores (or replaces) a participant's survey answers; false when there is no such incident.
    func recordSurvey(_ response: SurveyResponse, incident number: Int) async throws(StoreError) -> Bool
    func surveyResponses(incident number: Int) async throws(StoreError) -> [SurveyResponse]
    /// Everyone who checked in on an incident, earliest first.
    func checkIns(incident number: Int) async throws(StoreError) -> [CheckIn]
    /// Every incident, by number, with its check-ins and survey answers: a few queries however many incidents there are.
    func incidentHistories() async throws(StoreError) -> [IncidentHistory]
    /// Loads the incident, asks `decide` what changes, and stores the changed incident with the
    /// decision's effects in one transaction. Nil when there is no such incident. A `requestID` recorded
    /// with an earlier change (a replayed request) changes nothing and is answered `.repeated`; it is
    /// recorded only with a change that is stored, so a refused request can be made again.
    func updateIncident<Failure: Error & Sendable>(
        number: Int, at: Date, requestID: String?, _ decide: @escaping @Sendable (Incident) -> Result<Decision, Failure>
    ) async throws(StoreError) -> RequestOutcome<Result<Decision, Failure>?>
    /// Active incidents whose next status update is due at or before `now`.
    func incidentsWithUpdateDue(at now: Date) async throws(StoreError) -> [Int]
    /// The incident whose root message in a ring channel has this ts.
    func incident(rootMessageTS ts: String, channelID: String) async throws(StoreError) -> Incident?
    /// Remembers an incident's root message in a channel: the executive broadcast message in a ring
    /// channel, or the welcome in the incident channel.
    func recordRootMessage(incident number: Int, channelName: String, channelID: String, ts: String) async throws(StoreError)
    func rootMessage(incident number: Int, channelName: String) async throws(StoreError) -> RootMessage?
    /// Records an inbound event id; false when it was seen before (a retry or a duplicate).
    func recordInboundEvent(id: String, at: Date) async throws(StoreError) -> Bool
    /// Records the channel that was created (or adopted) for an incident.
    func setChannel(_ channel: ChannelInfo, forIncident number: Int) async throws(StoreError)

    /// The first pending entry of each lane, when it is due and its incident channel exists if it needs one.
    func runnableOutboxEntries(now: Date, limit: Int) async throws(StoreError) -> [OutboxEntry]
    /// When the earliest pending entry that is waiting on a delay (due after `now`) becomes due.
    func nextOutboxDueDate(after now: Date) async throws(StoreError) -> Date?
    /// Counts an attempt before the call is made, so a restart knows the call may have happened.
    func markOutboxAttempt(id: Int64, at: Date) async throws(StoreError)
    /// Marks the entry done and queues `followUps`, effects its outcome calls for (e.g. telling the
    /// incident channel who could not be invited), for the same incident, in one transaction.
    func completeOutboxEntry(id: Int64, result: String?, at: Date, followUps: [Effect]) async throws(StoreError)
    /// Schedules another attempt; `settled` says this attempt certainly had no effect.
    func retryOutboxEntry(id: Int64, notBefore: Date, reason: String, settled: Bool) async throws(StoreError)
    /// Marks the entry failed for good and queues `followUps` (e.g. telling the incident channel why), in one transaction.
    func failOutboxEntry(id: Int64, reason: String, at: Date, followUps: [Effect]) async throws(StoreError)
    func outboxEntries(incident number: Int) async throws(StoreError) -> [OutboxEntry]

    /// A ring channel's id, once found or created.
    func knownChannel(named name: String) async throws(StoreError) -> ChannelInfo?
    func rememberChannel(_ channel: ChannelInfo) async throws(StoreError)
}

extension IncidentStore {
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

    /// Marks the entry done; nothing follows from it.
    public func completeOutboxEntry(id: Int64, result: String?, at: Date) async throws(StoreError) {
        try await completeOutboxEntry(id: id, result: result, at: at, followUps: [])
    }

    /// Marks the entry failed for good; nothing follows from it.
    public func failOutboxEntry(id: Int64, reason: String, at: Date) async throws(StoreError) {
        try await failOutboxEntry(id: id, reason: reason, at: at, followUps: [])
    }
}

/// One unit of chat API work waiting in (or done from) the outbox.
public struct OutboxEntry: Sendable, Equatable {
    public enum Status: String, Sendable, Codable { case pending, done, failed }

    public var id: Int64
    public var incidentNumber: Int
    /// Entries in one lane run one after another, in id order; lanes run concurrently.
    public var lane: String
    public var effect: Effect
    /// Whether the entry waits until the incident's channel exists.
    public var needsIncidentChannel: Bool
    public var status: Status
    public var attempts: Int
    /// Attempts known to have had no effect; fewer than `attempts` means an earlier attempt's
    /// outcome is unknown (a timeout, a crash) and its effect must be looked for before repeating it.
    public var settledAttempts: Int
    public var notBefore: Date
    public var lastError: String?
    /// What the call returned that later work needs (e.g. a message ts).
    public var result: String?
    /// When the entry was stored; retries stop at a deadline counted from here.
    public var createdAt: Date

    public init(
        id: Int64, incidentNumber: Int, lane: String, effect: Effect, needsIncidentChannel: Bool, status: Status,
        attempts: Int, settledAttempts: Int = 0, notBefore: Date, lastError: String? = nil, result: String? = nil, createdAt: Date
    ) {
        self.settledAttempts = settledAttempts
        self.createdAt = createdAt
        self.id = id
        self.incidentNumber = incidentNumber
        self.lane = lane
        self.effect = effect
        self.needsIncidentChannel = needsIncidentChannel
        self.status = status
        self.attempts = attempts
        self.notBefore = notBefore
        self.lastError = lastError
        self.result = result
    }

    /// Whether an earlier attempt may have had its effect.
    public var mayHaveTakenEffect: Bool { attempts > settledAttempts }

    /// The lane an effect belongs in and whether it waits for the incident channel.
    public static func placement(of effect: Effect, incident number: Int) -> (lane: String, needsIncidentChannel: Bool) {
        switch effect {
        case .createIncidentChannel:
            ("incident-\(number)", false)
        case .inviteResponders, .addReaction:
            ("incident-\(number)", true)
        case .setIncidentTopic:
            // Its own lane: the topic (a tightly rate-limited call) need not hold up the welcome.
            ("topic-\(number)", true)
        case .fileActionItem:
            ("tracker", false)
        case .post(let post), .updateRoot(let post):
            if let name = post.target.channelName {
                ("channel-\(name)", true)
            } else {
                ("incident-\(number)", true)
            }
        }
    }
}

/// An incident's root message in a channel (a ring's broadcast message, the incident channel's welcome),
/// edited in place as the incident changes.
public struct RootMessage: Sendable, Equatable {
    public var channelID: String
    public var ts: String

    public init(channelID: String, ts: String) {
        self.channelID = channelID
        self.ts = ts
    }
}

/// What a state-changing request did: carried out now, or already carried out for the same request id
/// (a request the platform sent twice, or a replay of it), in which case nothing was done again.
public enum RequestOutcome<Value: Sendable>: Sendable {
    case done(Value)
    /// Carried out before, on this incident (when the earlier request named one).
    case repeated(incident: Int?)

    /// The outcome of a request carried out now; nil for a repeat.
    public var value: Value? {
        if case .done(let value) = self { return value }
        return nil
    }
}

extension RequestOutcome: Equatable where Value: Equatable {}

/// What recording a check-in did.
public enum CheckInOutcome: Sendable, Equatable {
    case recorded(isFirst: Bool)
    case alreadyCheckedIn(at: Date)
    case noSuchIncident
}

/// What marking an action item done did.
public enum ActionItemCompletion: Sendable, Equatable {
    case done(ActionItem)
    case alreadyDone(ActionItem)
    case notAllowed(ActionItem)
    case noSuchItem
}

/// A responder's check-in as stored.
public struct CheckIn: Sendable, Equatable {
    public var userID: String
    public var at: Date

    public init(userID: String, at: Date) {
        self.userID = userID
        self.at = at
    }
}

/// Why the store could not do what was asked.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case unavailable(String)
    case corrupt(String)
    /// A value the store would not be able to read back (a date that is not finite, or outside the years
    /// 1970–9999); nothing was written.
    case unstorable(String)

    public var description: String {
        switch self {
        case .unavailable(let reason): "The database is unavailable: \(reason)"
        case .corrupt(let reason): "The database holds a record that cannot be read: \(reason)"
        case .unstorable(let reason): "The database refused a value it could not read back: \(reason)"
        }
    }
}
