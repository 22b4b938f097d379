import Foundation
import GRDB
import TocsinApp

/// The dates the store agrees to write. GRDB writes a date as `yyyy-MM-dd HH:mm:ss.SSS`, which reads back
/// only for four-digit years; a NaN or far-future date would be written as text that no later read can
/// turn back into a date. Such a date is refused before it reaches a row.
enum StoredDate {
    /// 1970-01-01 to 9999-12-31 23:59:59 UTC.
    static let range = Date(timeIntervalSince1970: 0)...Date(timeIntervalSince1970: 253_402_300_799)

    /// `date`, when it can be stored and read back; throws `.unstorable` naming `what` otherwise.
    @discardableResult
    static func check(_ date: Date, _ what: @autoclosure () -> String) throws(StoreError) -> Date {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite, range.contains(date) else {
            throw .unstorable("\(what()) has a date that cannot be stored (\(seconds) seconds since 1970)")
        }
        return date
    }

    /// Checks an optional date; nil is storable.
    static func check(_ date: Date?, _ what: @autoclosure () -> String) throws(StoreError) {
        if let date { try check(date, what()) }
    }

    /// `date` as GRDB stores it (`yyyy-MM-dd HH:mm:ss.SSS` in UTC, milliseconds cut off), written digit by
    /// digit: GRDB's own conversion goes through a `DateFormatter` (ICU), which cost a declaration's write
    /// several microseconds per date inside the one writer's transaction. A date outside ``range`` is left
    /// to GRDB, so what is stored never differs from what GRDB would store.
    static func databaseValue(_ date: Date) -> DatabaseValue {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite, range.contains(date) else { return date.databaseValue }
        // As the formatter does: milliseconds since 1970 from the reference date, rounded down.
        let milliseconds = Int64(((date.timeIntervalSinceReferenceDate + Date.timeIntervalBetween1970AndReferenceDate) * 1000).rounded(.down))
        guard milliseconds >= 0 else { return date.databaseValue }
        let days = milliseconds / 86_400_000
        let inDay = milliseconds % 86_400_000
        let (year, month, day) = civil(daysSince1970: days)
        var text = [UInt8](repeating: UInt8(ascii: "0"), count: 23)
        func put(_ value: Int64, at end: Int, digits: Int) {
            var rest = value
            for index in stride(from: end, to: end - digits, by: -1) {
                text[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
        }
        put(year, at: 3, digits: 4)
        text[4] = UInt8(ascii: "-")
        put(month, at: 6, digits: 2)
        text[7] = UInt8(ascii: "-")
        put(day, at: 9, digits: 2)
        text[10] = UInt8(ascii: " ")
        put(inDay / 3_600_000, at: 12, digits: 2)
        text[13] = UInt8(ascii: ":")
        put(inDay / 60_000 % 60, at: 15, digits: 2)
        text[16] = UInt8(ascii: ":")
        put(inDay / 1000 % 60, at: 18, digits: 2)
        text[19] = UInt8(ascii: ".")
        put(inDay % 1000, at: 22, digits: 3)
        return String(decoding: text, as: UTF8.self).databaseValue
    }

    /// The proleptic Gregorian year, month and day of a day counted from 1970-01-01 (not negative), after
    /// Howard Hinnant's `civil_from_days`.
    private static func civil(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
