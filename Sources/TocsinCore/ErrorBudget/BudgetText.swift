import Foundation

/// How error-budget figures are written for people: minutes with one decimal, percentages rounded down,
/// and the reports `/incident slo` and `tocsin slo` print. Every figure names its window, rolling or calendar.
public enum BudgetText {
    /// `43.2`; a figure too large to mean anything is written as it is, never trapped on.
    public static func minutes(_ value: Double) -> String {
        guard value.isFinite else { return "0.0" }
        return String(format: "%.1f", value)
    }

    /// A percentage rounded down, kept within what an `Int` holds.
    public static func percent(_ value: Double) -> Int {
        guard value.isFinite else { return 0 }
        return Int(min(max(value, -1_000_000_000), 1_000_000_000).rounded(.down))
    }

    /// `99.9 %`.
    public static func target(_ value: Double) -> String {
        var text = String(format: "%.4f", value * 100)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text + " %"
    }

    /// `#3 Card payments failing (30.0 min)`.
    public static func burn(_ burn: BudgetStatus.Burn) -> String {
        "#\(burn.number) \(burn.title) (\(minutes(burn.minutes)) min)"
    }

    /// The report of `statuses`, one block per SLO.
    public static func report(_ statuses: [BudgetStatus]) -> String {
        guard !statuses.isEmpty else { return "No SLO is configured for that; add one under `slos:` in the configuration." }
        return statuses.map { status in
            let slo = status.slo
            var lines = [
                "\(slo.name) (\(slo.service)): target \(target(slo.target)), \(slo.timeWindow.summary), window \(UTCTime.minutes(status.window.start)) to \(UTCTime.minutes(status.window.end)) UTC",
                "  budget \(minutes(status.budgetMinutes)) min · consumed \(minutes(status.consumedMinutes)) min (\(percent(status.percentConsumed)) %) · remaining \(minutes(status.remainingMinutes)) min",
            ]
            lines += status.burns.isEmpty ? ["  no incident burned it"] : status.burns.map { "  " + burn($0) }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
