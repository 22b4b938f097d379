import Foundation
import TocsinCore

/// One unit of chat API work waiting in (or done from) the outbox.
public struct OutboxEntry: Sendable, Equatable {
    /// Where an entry is in its life: waiting (or being delivered), delivered, or given up on.
    public enum Status: String, Sendable, Codable, CaseIterable { case pending, done, failed }

    public var id: Int64
    public var incidentNumber: Int
    /// Entries in one lane run one after another, in id order; lanes run concurrently.
    public var lane: Lane
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
        id: Int64, incidentNumber: Int, lane: Lane, effect: Effect, needsIncidentChannel: Bool, status: Status,
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

    /// When an effect may run at the earliest, if later than when it is stored: an alarm's due time.
    public static func notBefore(of effect: Effect) -> Date? {
        guard case .alarm(let alarm) = effect else { return nil }
        return alarm.due
    }

    /// The lane an effect belongs in and whether it waits for the incident channel.
    public static func placement(of effect: Effect, incident number: Int) -> (lane: Lane, needsIncidentChannel: Bool) {
        switch effect {
        case .createIncidentChannel:
            (.incident(number), false)
        case .inviteResponders, .addReaction:
            (.incident(number), true)
        case .setIncidentTopic:
            // Its own lane: the topic (a tightly rate-limited call) need not hold up the welcome.
            (.topic(number), true)
        case .fileActionItem:
            (.tracker, false)
        case .page:
            // Paging does not wait for the chat: the link to the incident channel is added when the channel exists.
            (.paging(number), false)
        case .alarm(let alarm):
            (.alarm(number, due: alarm.dueSeconds), false)
        case .archiveChannel:
            // After the last message, in the incident channel's order.
            (.incident(number), true)
        case .post(let post), .updateRoot(let post):
            if case .directMessage(let user) = post.target {
                // One lane per person (`@` starts no channel name), after the incident channel exists so the
                // message can link to it.
                (.channel("@" + user), true)
            } else if let name = post.target.channelName {
                (.channel(name), true)
            } else {
                (.incident(number), true)
            }
        }
    }
}

extension Alarm {
    /// The due time in whole Unix seconds, as its lane names it; clamped to 0 … 10¹² (the year 33658), so
    /// no date can overflow it.
    var dueSeconds: Int {
        let seconds = due.timeIntervalSince1970.rounded(.down)
        guard seconds.isFinite else { return 0 }
        return Int(max(min(seconds, 1e12), 0))
    }
}
