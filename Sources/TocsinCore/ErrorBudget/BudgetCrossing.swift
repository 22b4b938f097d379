import Foundation

/// When a budget last rose through a threshold, which names the "episode" a budget-policy notice belongs to:
/// a stakeholders channel is told once per threshold and window, and a rolling window re-arms when its
/// budget recovers below the threshold, because the next rise through it is a new moment.
public enum BudgetCrossing {
    /// A stable name for the window and threshold the budget is over now, or nil when it is below `percent`.
    ///
    /// Calendar windows: the period's start (one notice per threshold per period). Rolling windows: the
    /// whole second at which consumption last rose through the threshold; it does not move while the budget
    /// stays at or above it, and is new after it fell below and rose again.
    public static func episode(of slo: ServiceLevelObjective, percent: Int, impacts: [IncidentImpact], now: Date) -> String? {
        guard let status = ErrorBudget.status(of: slo, impacts: impacts, now: now), !status.reached([percent]).isEmpty else { return nil }
        switch slo.timeWindow {
        case .calendar:
            return "calendar:\(wholeSeconds(status.window.start))"
        case .rolling(let seconds, _):
            let crossed = risingCrossing(slo: slo, window: Double(seconds), level: status.budgetMinutes * Double(percent) / 100, impacts: impacts, now: now)
            return "rolling:\(wholeSeconds(crossed))"
        }
    }

    /// The whole second of `date`, kept within what an `Int64` holds whatever the date.
    public static func wholeSeconds(_ date: Date) -> Int64 {
        let seconds = date.timeIntervalSince1970.rounded()
        guard seconds.isFinite else { return 0 }
        return Int64(min(max(seconds, -1e15), 1e15))
    }

    /// The latest moment at or before `now` at which the consumption over the `window` seconds before it rose
    /// to `level` minutes, given that it is at or above `level` now.
    static func risingCrossing(slo: ServiceLevelObjective, window: Double, level: Double, impacts: [IncidentImpact], now: Date) -> Date {
        let earliest = impacts.flatMap(\.spans).map(\.start).min() ?? now
        let pieces = ErrorBudget.merged(slo: slo, impacts: impacts, within: DateInterval(start: min(earliest, now), end: now))
        func consumed(at t: Double) -> Double {
            pieces.reduce(0) { sum, piece in
                let start = max(piece.start.timeIntervalSince1970, t - window)
                let end = min(piece.end.timeIntervalSince1970, t)
                return end > start ? sum + piece.weight * (end - start) / 60 : sum
            }
        }
        let nowSeconds = now.timeIntervalSince1970
        // Consumption is linear between these moments: where a piece starts or ends, now or a window later.
        let breaks = Set(pieces.flatMap { [$0.start.timeIntervalSince1970, $0.end.timeIntervalSince1970] }.flatMap { [$0, $0 + window] })
            .filter { $0 < nowSeconds }.sorted(by: >)
        var upper = nowSeconds
        var upperValue = consumed(at: nowSeconds)
        for point in breaks {
            let value = consumed(at: point)
            if value + 1e-9 < level {
                let fraction = upperValue > value ? (level - value) / (upperValue - value) : 1
                return Date(timeIntervalSince1970: point + fraction * (upper - point))
            }
            upper = point
            upperValue = value
        }
        return Date(timeIntervalSince1970: upper)
    }
}
