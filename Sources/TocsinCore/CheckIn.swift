import Foundation

/// Decides what a responder's check-in means: the time to action, measured against the severity's target.
extension IncidentPlanner {
    /// The message announcing `userID`'s check-in at `now`; `isFirst` when nobody had checked in before.
    public func checkIn(_ incident: Incident, userID: String, isFirst: Bool, now: Date) -> Decision {
        let elapsed = Self.wholeSeconds(from: incident.declaredAt, to: now)
        let target = configuration.severity(named: incident.severity)?.checkInWithin
        let view = CheckInView(
            userID: userID,
            timeToAction: Self.spell(seconds: elapsed),
            target: target?.spelledOut ?? "none set",
            withinTarget: target.map { elapsed <= $0.seconds } ?? true,
            isFirst: isFirst
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
    public static func wholeSeconds(from start: Date, to end: Date) -> Int {
        max(0, Int(end.timeIntervalSince(start).rounded()))
    }

    /// "45 seconds", "4 minutes 10 seconds", "2 hours 5 minutes".
    public static func spell(seconds: Int) -> String {
        func unit(_ n: Int, _ name: String) -> String { n == 1 ? "1 \(name)" : "\(n) \(name)s" }
        let hours = seconds / 3600, minutes = (seconds % 3600) / 60, rest = seconds % 60
        if hours > 0 { return minutes > 0 ? "\(unit(hours, "hour")) \(unit(minutes, "minute"))" : unit(hours, "hour") }
        if minutes > 0 { return rest > 0 ? "\(unit(minutes, "minute")) \(unit(rest, "second"))" : unit(minutes, "minute") }
        return unit(rest, "second")
    }
}
