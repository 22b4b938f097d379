import Foundation
import TocsinCore

/// The error-budget report as `tocsin slo --format json` prints it: stable, documented field names
/// (README, "tocsin slo") for scripts and dashboards, minutes rounded to two decimals.
public struct BudgetReport: Sendable, Equatable, Codable {
    /// One SLO's budget in its current window.
    public struct SLO: Sendable, Equatable, Codable {
        public var name: String
        public var service: String
        public var target: Double
        public var window: Window
        public var budgetMinutes: Double
        public var consumedMinutes: Double
        public var consumedPercent: Double
        public var remainingMinutes: Double
        /// Largest first.
        public var incidents: [Burn]

        enum CodingKeys: String, CodingKey {
            case name, service, target, window, incidents
            case budgetMinutes = "budget_minutes", consumedMinutes = "consumed_minutes"
            case consumedPercent = "consumed_percent", remainingMinutes = "remaining_minutes"
        }
    }

    /// The window a figure is counted over.
    public struct Window: Sendable, Equatable, Codable {
        /// `rolling` or `calendar`.
        public var kind: String
        /// As configured: `30d`, `1M`.
        public var duration: String
        /// ISO 8601, UTC.
        public var start: String
        public var end: String
    }

    /// One incident's share of the consumed budget.
    public struct Burn: Sendable, Equatable, Codable {
        public var number: Int
        public var title: String
        public var minutes: Double
    }

    /// ISO 8601, UTC: when the report was made.
    public var generatedAt: String
    public var slos: [SLO]

    enum CodingKeys: String, CodingKey {
        case generatedAt = "generated_at", slos
    }

    public init(_ statuses: [BudgetStatus], at: Date) {
        func iso(_ date: Date) -> String { UTCTime.timestamp(date).replacingOccurrences(of: " ", with: "T") + "Z" }
        func round(_ value: Double) -> Double { value.isFinite ? (value * 100).rounded() / 100 : 0 }
        generatedAt = iso(at)
        slos = statuses.map { status in
            let window: Window = switch status.slo.timeWindow {
            case .rolling(_, let text):
                Window(kind: "rolling", duration: text, start: iso(status.window.start), end: iso(status.window.end))
            case .calendar(let count, let unit, _, _):
                Window(kind: "calendar", duration: "\(count)\(unit.rawValue)", start: iso(status.window.start), end: iso(status.window.end))
            }
            return SLO(
                name: status.slo.name, service: status.slo.service, target: status.slo.target, window: window,
                budgetMinutes: round(status.budgetMinutes), consumedMinutes: round(status.consumedMinutes),
                consumedPercent: round(status.percentConsumed), remainingMinutes: round(status.remainingMinutes),
                incidents: status.burns.map { Burn(number: $0.number, title: $0.title, minutes: round($0.minutes)) }
            )
        }
    }

    /// Pretty-printed JSON with sorted keys.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
