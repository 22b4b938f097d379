import Foundation

/// A service level objective as configured under `slos:`, in OpenSLO v1's names: the budget of impact a
/// service may have in a time window before its owners change what they work on.
///
/// Tocsin's indicator is the incidents themselves: their impact windows, weighted by impact level, burn the
/// budget of their service.
public struct ServiceLevelObjective: Sendable, Equatable {
    public var name: String
    /// The catalog service whose incidents burn this budget (as the catalog spells it).
    public var service: String
    public var timeWindow: SLOWindow
    /// The objective, strictly between 0 and 1 (0.999 is 99.9 %).
    public var target: Double
    /// Incidents at these severities burn the budget; empty means every severity.
    public var severities: [Severity]
    public var impactWeights: ImpactWeights
    /// Percentages of the budget at which the stakeholders are told, ascending.
    public var budgetConsumed: [Int]

    public init(
        name: String, service: String, timeWindow: SLOWindow, target: Double, severities: [Severity] = [],
        impactWeights: ImpactWeights = ImpactWeights(), budgetConsumed: [Int] = []
    ) {
        self.name = name
        self.service = service
        self.timeWindow = timeWindow
        self.target = target
        self.severities = severities
        self.impactWeights = impactWeights
        self.budgetConsumed = budgetConsumed
    }

    /// Whether an incident at `severity` on `service` burns this budget.
    public func counts(service other: String?, severity: Severity) -> Bool {
        guard let other, other.caseInsensitiveCompare(service) == .orderedSame else { return false }
        return severities.isEmpty || severities.contains(severity)
    }
}

/// How much a minute at each impact level burns: OpenSLO's `indicator.incidents.impactWeights`.
public struct ImpactWeights: Sendable, Equatable {
    public var full: Double
    public var partial: Double
    public var degraded: Double

    public init(full: Double = 1.0, partial: Double = 0.3, degraded: Double = 0.0) {
        self.full = full
        self.partial = partial
        self.degraded = degraded
    }

    public func weight(_ level: ImpactLevel) -> Double {
        switch level {
        case .full: full
        case .partial: partial
        case .degraded: degraded
        }
    }
}

/// How bad an incident's impact is at a moment; each level burns the budget at its configured weight.
public enum ImpactLevel: String, Sendable, Codable, CaseIterable {
    case full, partial, degraded
}

/// The window an SLO's budget is counted over: the last so many days (rolling), or calendar periods that
/// start at a fixed moment in a time zone (a month, a week).
public enum SLOWindow: Sendable, Equatable {
    /// The `seconds` before now; `text` is how it was written (`30d`).
    case rolling(seconds: Int, text: String)
    /// Consecutive periods of `count` `unit`s from `startTime`, in `timeZone`.
    case calendar(count: Int, unit: CalendarUnit, startTime: Date, timeZone: TimeZone)

    /// Units a calendar window may be counted in (OpenSLO's `duration` suffixes).
    public enum CalendarUnit: String, Sendable, Equatable, CaseIterable {
        case day = "d", week = "w", month = "M", quarter = "Q", year = "Y"

        var component: Calendar.Component {
            switch self {
            case .day: .day
            case .week: .weekOfYear
            case .month, .quarter: .month
            case .year: .year
            }
        }

        /// How many of `component` one unit is.
        var multiple: Int { self == .quarter ? 3 : 1 }

        var noun: String {
            switch self {
            case .day: "day"
            case .week: "week"
            case .month: "month"
            case .quarter: "quarter"
            case .year: "year"
            }
        }
    }

    public var isRolling: Bool {
        if case .rolling = self { return true }
        return false
    }

    /// How people read the window in a sentence: `30-day` (rolling) or `calendar-month`.
    public var adjective: String {
        switch self {
        case .rolling(let seconds, _):
            if seconds % 86_400 == 0 { return "\(seconds / 86_400)-day" }
            if seconds % 3_600 == 0 { return "\(seconds / 3_600)-hour" }
            return "\(seconds / 60)-minute"
        case .calendar(let count, let unit, _, _):
            return count == 1 ? "calendar-\(unit.noun)" : "\(count)-\(unit.noun) calendar"
        }
    }

    /// The window as a report names it: `rolling 30d` or `calendar 1M from 2026-01-01 00:00 UTC`.
    public var summary: String {
        switch self {
        case .rolling(_, let text):
            return "rolling \(text)"
        case .calendar(let count, let unit, let start, let zone):
            return "calendar \(count)\(unit.rawValue) from \(UTCTime.minutes(start)) UTC (\(zone.identifier == "GMT" ? "UTC" : zone.identifier))"
        }
    }

    /// The window that holds `now`: for a rolling window the `seconds` before now; for a calendar window the
    /// period `now` falls in (its end may be after now). Nil when a calendar period cannot be computed.
    public func interval(containing now: Date) -> DateInterval? {
        switch self {
        case .rolling(let seconds, _):
            return DateInterval(start: now.addingTimeInterval(-Double(seconds)), end: now)
        case .calendar(let count, let unit, let start, let zone):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let step = count * unit.multiple
            func period(_ index: Int) -> Date? {
                calendar.date(byAdding: unit.component, value: index * step, to: start)
            }
            // An estimate of the period index from the average length, corrected by stepping.
            let average: Double = switch unit {
            case .day: 86_400
            case .week: 604_800
            case .month: 2_629_746
            case .quarter: 7_889_238
            case .year: 31_556_952
            }
            let estimate = now.timeIntervalSince(start) / (average * Double(step))
            guard estimate.isFinite, abs(estimate) < 100_000 else { return nil }
            var index = Int(estimate.rounded(.down))
            for _ in 0..<8 {
                guard let begin = period(index), let end = period(index + 1) else { return nil }
                if now < begin { index -= 1 } else if now >= end { index += 1 } else { return DateInterval(start: begin, end: end) }
            }
            return nil
        }
    }
}

/// The weekly review post (`digest:`): where and when.
public struct DigestSettings: Sendable, Equatable {
    public var channel: String
    /// 1 is Sunday … 7 is Saturday, as the Gregorian calendar numbers weekdays.
    public var weekday: Int
    /// Minutes after midnight UTC.
    public var minuteOfDay: Int

    public init(channel: String, weekday: Int, minuteOfDay: Int) {
        self.channel = channel
        self.weekday = weekday
        self.minuteOfDay = minuteOfDay
    }

    /// Weekday names as the configuration writes them, Sunday first.
    public static let weekdayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    /// The latest moment at or before `now` when the digest is due.
    public func latestOccurrence(atOrBefore now: Date) -> Date {
        let day = 86_400.0
        let seconds = now.timeIntervalSince1970
        let midnight = (seconds / day).rounded(.down) * day
        // 1970-01-01 was a Thursday (weekday 5).
        let todayWeekday = (Int((midnight / day).rounded()) % 7 + 7 + 4) % 7 + 1
        var daysBack = (todayWeekday - weekday + 7) % 7
        if daysBack == 0 && seconds < midnight + Double(minuteOfDay * 60) { daysBack = 7 }
        return Date(timeIntervalSince1970: midnight - Double(daysBack) * day + Double(minuteOfDay * 60))
    }
}
