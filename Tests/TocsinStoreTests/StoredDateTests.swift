import Foundation
import GRDB
import Testing

@testable import TocsinStore

/// The store writes dates without GRDB's `DateFormatter`; a row must hold the very text GRDB would have
/// written, or comparisons with older rows (and reads by other tools) would go wrong.
@Suite struct StoredDateTests {
    /// A fixed sequence (SplitMix64), so a failure names a date that can be tried again.
    private struct SplitMix {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func edgesOfDaysYearsAndMillisecondsAreWrittenAsGRDBWritesThem() {
        let seconds: [Double] = [
            0, 0.0005, 0.9999, 59.999, 86_399.9995, 86_400, 951_782_400, 951_868_799.999, 1_709_164_800.123_456,
            1_798_761_600.5, 4_107_542_399.999_9, 253_402_300_799, 253_402_300_799.999, 1_000_000_000.001, 1_000_000_000.000_9,
        ]
        for second in seconds {
            let date = Date(timeIntervalSince1970: second)
            #expect(StoredDate.databaseValue(date) == date.databaseValue, "at \(second) s since 1970")
        }
    }

    @Test func randomDatesAcrossTheStorableRangeAreWrittenAsGRDBWritesThem() {
        var sequence = SplitMix(state: 20_261_130)
        let span = StoredDate.range.upperBound.timeIntervalSince1970
        for _ in 0..<20_000 {
            let second = Double(sequence.next() % UInt64(span * 1000)) / 1000 + Double(sequence.next() % 1000) / 1_000_000
            let date = Date(timeIntervalSince1970: second)
            #expect(StoredDate.databaseValue(date) == date.databaseValue, "at \(second) s since 1970")
        }
    }

    @Test func datesNearNowAreWrittenAsGRDBWritesThem() {
        var sequence = SplitMix(state: 7)
        let now = Date().timeIntervalSinceReferenceDate
        for _ in 0..<20_000 {
            let date = Date(timeIntervalSinceReferenceDate: now + Double(sequence.next() % 100_000_000_000) / 1_000_000 - 50_000)
            #expect(StoredDate.databaseValue(date) == date.databaseValue, "at \(date.timeIntervalSinceReferenceDate) s since 2001")
        }
    }

    @Test func datesOutsideTheStorableRangeAreLeftToGRDB() {
        for date in [Date(timeIntervalSince1970: -1), Date(timeIntervalSince1970: 253_402_300_800), Date.distantFuture] {
            #expect(StoredDate.databaseValue(date) == date.databaseValue)
        }
    }
}
