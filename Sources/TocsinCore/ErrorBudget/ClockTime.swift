import Foundation

/// A time of day typed as `HH:MM` (UTC), read strictly: `25:99`, `-1:00`, `99999999999:00` and `9:5` are
/// not times, and none of them can overflow anything.
public struct ClockTime: Sendable, Equatable {
    /// Minutes after midnight, 0 ..< 1440.
    public let minuteOfDay: Int

    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts[0].allSatisfy({ $0.isASCII && $0.isNumber }), parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        minuteOfDay = hour * 60 + minute
    }

    public init?(minuteOfDay: Int) {
        guard (0..<1440).contains(minuteOfDay) else { return nil }
        self.minuteOfDay = minuteOfDay
    }

    /// `09:05`.
    public var text: String {
        let hour = minuteOfDay / 60, minute = minuteOfDay % 60
        return (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    /// This time today (UTC) when that is not after `now`, else yesterday's.
    public func latest(atOrBefore now: Date) -> Date {
        let day = 86_400.0
        let midnight = (now.timeIntervalSince1970 / day).rounded(.down) * day
        let today = midnight + Double(minuteOfDay * 60)
        return Date(timeIntervalSince1970: today <= now.timeIntervalSince1970 ? today : today - day)
    }
}
