import Foundation

/// The one way Tocsin writes an instant for people: in UTC, on the Gregorian calendar, whatever the
/// machine's time zone or locale. Timelines, postmortems, replies and due dates all read it from here.
public enum UTCTime {
    /// `2026-11-21 14:03:07`.
    public static func timestamp(_ date: Date) -> String {
        let c = components(date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// `2026-11-21 14:03`.
    public static func minutes(_ date: Date) -> String {
        String(timestamp(date).dropLast(3))
    }

    /// `2026-11-21`: the day, as action items' due dates are written.
    public static func day(_ date: Date) -> String {
        String(timestamp(date).prefix(10))
    }

    /// Whether `text` is a real calendar day written `YYYY-MM-DD`.
    public static func isDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month),
              let date = calendar.date(from: DateComponents(year: year, month: month, day: day)) else { return false }
        return calendar.component(.day, from: date) == day && calendar.component(.month, from: date) == month
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar
    }()

    private static func components(_ date: Date) -> DateComponents {
        calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }
}
