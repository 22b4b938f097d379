import Foundation

/// One week's SLO review: the week it covers, and the key that records it was queued.
///
/// The week is `[start, end)` and ends when its review is due (the configured weekday and time). A review
/// stays due until the next one is, a week later: a bot that was down over the due time posts it when it is
/// back, and a review whose next one is already due is skipped (the newer one covers the latest week).
public struct DigestWeek: Sendable, Equatable {
    /// Seven days before ``end``.
    public var start: Date
    /// When the review is due.
    public var end: Date

    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }

    /// When the next review is due, which ends this one's chance to be posted.
    public var nextDue: Date { end.addingTimeInterval(DigestSettings.week) }

    /// The key recorded (in the inbound event log) with the review's queueing, so it is queued once by
    /// whichever process or restart gets there first. Earlier versions recorded the same key.
    public var onceKey: String { "slo-digest:\(BudgetCrossing.wholeSeconds(end))" }

    /// How long after its due time `now` is; zero or more while this week's review is the one due.
    public func lateness(at now: Date) -> TimeInterval { now.timeIntervalSince(end) }
}

extension DigestSettings {
    /// A week, in seconds.
    public static let week: TimeInterval = 7 * 86_400

    /// The week whose review is due at `now`: the one ending at the latest due time at or before `now`.
    public func week(dueAt now: Date) -> DigestWeek {
        let end = latestOccurrence(atOrBefore: now)
        return DigestWeek(start: end.addingTimeInterval(-Self.week), end: end)
    }
}
