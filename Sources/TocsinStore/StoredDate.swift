import Foundation
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
}
