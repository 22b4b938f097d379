import Foundation

/// Something an incident owes at a later time, kept in the outbox as an entry that is not run before `due`, so
/// it survives restarts and is carried out once, by whichever process leads delivery.
///
/// When it goes off, the incident as it then stands decides whether anything is still owed: a check-in made
/// meanwhile, a severity change or a reopen makes it go off quietly.
public struct Alarm: Sendable, Equatable, Codable {
    /// What the alarm is for.
    public enum Purpose: Sendable, Equatable, Codable {
        /// The severity's `check_in_within` has passed: if nobody checked in, mention the responders again.
        case checkInFollowUp
        /// `archive_after` has passed since the resolution at `resolvedAt`: archive the channel, unless the
        /// incident was reopened since (then it no longer resolved at that time).
        case archive(resolvedAt: Date)
    }

    public var due: Date
    public var purpose: Purpose

    public init(due: Date, purpose: Purpose) {
        self.due = due
        self.purpose = purpose
    }

    /// Stored dates keep milliseconds: two instants this close are the same one.
    public static let sameInstantTolerance: TimeInterval = 1

    /// Whether `resolvedAt` (as stored) is the resolution an archive alarm was set for.
    public static func isSameResolution(_ stored: Date?, as scheduled: Date) -> Bool {
        guard let stored else { return false }
        return abs(stored.timeIntervalSince(scheduled)) < sameInstantTolerance
    }
}
