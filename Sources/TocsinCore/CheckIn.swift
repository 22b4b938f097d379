import Foundation

/// Decides what a responder's check-in means: the time to action, measured against the severity's target.
extension IncidentPlanner {
    /// How long after the declaration an invitation must come for a check-in to say its own time to action.
    static let lateInvitation: TimeInterval = 60

    /// The message announcing `userID`'s check-in at `now`; `isFirst` when nobody had checked in before.
    /// `invitedAt`, when they were invited into the channel: someone paged in later also hears their own time.
    public func checkIn(_ incident: Incident, userID: String, isFirst: Bool, now: Date, invitedAt: Date? = nil) -> Decision {
        let elapsed = Self.wholeSeconds(from: incident.declaredAt, to: now)
        let target = configuration.severity(named: incident.severity)?.checkInWithin
        let late = invitedAt.flatMap { $0.timeIntervalSince(incident.declaredAt) > Self.lateInvitation && $0 <= now ? $0 : nil }
        let view = CheckInView(
            userID: userID,
            timeToAction: Self.spell(seconds: elapsed),
            target: target?.spelledOut ?? "none set",
            withinTarget: target.map { elapsed <= $0.seconds } ?? true,
            isFirst: isFirst,
            sinceInvitation: late.map { Self.spell(seconds: Self.wholeSeconds(from: $0, to: now)) }
        )
        let text: RichText = isFirst
            ? "\(user: userID) checked in first, \(view.timeToAction) after the declaration (target \(view.target))"
            : "\(user: userID) checked in, \(view.timeToAction) after the declaration"
        return Decision(
            incident: incident,
            effects: [.post(Post(target: .incidentChannel, view: self.view(of: incident, now: now), ring: .responders, content: .checkedIn(view)))],
            timeline: [TimelineEntry(at: now, kind: .checkIn, actor: userID, text: text, key: "check_in:\(userID)")]
        )
    }

    /// Seconds between two instants, rounded to the nearest (stored times keep milliseconds), never negative.
    static func wholeSeconds(from start: Date, to end: Date) -> Int {
        max(0, Int(end.timeIntervalSince(start).rounded()))
    }

    /// "45 seconds", "4 minutes 10 seconds", "2 hours 5 minutes".
    static func spell(seconds: Int) -> String {
        func unit(_ n: Int, _ name: String) -> String { n == 1 ? "1 \(name)" : "\(n) \(name)s" }
        let hours = seconds / 3600, minutes = (seconds % 3600) / 60, rest = seconds % 60
        if hours > 0 { return minutes > 0 ? "\(unit(hours, "hour")) \(unit(minutes, "minute"))" : unit(hours, "hour") }
        if minutes > 0 { return rest > 0 ? "\(unit(minutes, "minute")) \(unit(rest, "second"))" : unit(minutes, "minute") }
        return unit(rest, "second")
    }
}
