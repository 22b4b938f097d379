import Foundation

/// The error-budget arithmetic, pure: how much of an SLO's budget the incidents burned in its window.
///
/// Budget = window × (1 − target). Consumed = Σ weight × minutes of impact inside the window, with the
/// incidents on the SLO's service merged: at each moment the highest weight counts, once, and that moment
/// is charged to the incident with that weight (the lower number on a tie), so the incidents' shares add
/// up to the total. Consumed is not capped. Excluded incidents (drills, cancelled) burn nothing.
public enum ErrorBudget {
    /// The SLO's budget as of `now`; nil when its calendar window cannot be computed.
    public static func status(of slo: ServiceLevelObjective, impacts: [IncidentImpact], now: Date) -> BudgetStatus? {
        guard let window = slo.timeWindow.interval(containing: now) else { return nil }
        let budget = window.duration / 60 * (1 - slo.target)
        let counted = DateInterval(start: window.start, end: max(window.start, min(now, window.end)))
        let burns = shares(slo: slo, impacts: impacts, within: counted)
        let total = burns.reduce(0) { $0 + $1.minutes }
        return BudgetStatus(slo: slo, window: window, budgetMinutes: budget, consumedMinutes: total, burns: burns)
    }

    /// Each incident's weighted minutes of merged impact within `interval`, largest first; incidents that
    /// burned nothing there are left out.
    public static func shares(slo: ServiceLevelObjective, impacts: [IncidentImpact], within interval: DateInterval) -> [BudgetStatus.Burn] {
        var shares: [Int: Double] = [:]
        for piece in merged(slo: slo, impacts: impacts, within: interval) {
            shares[piece.incident, default: 0] += piece.weight * piece.end.timeIntervalSince(piece.start) / 60
        }
        let titles = Dictionary(impacts.map { ($0.number, $0.title) }, uniquingKeysWith: { first, _ in first })
        return shares.filter { $0.value > 0 }
            .map { BudgetStatus.Burn(number: $0.key, title: titles[$0.key] ?? "", minutes: $0.value) }
            .sorted { ($1.minutes, $0.number) < ($0.minutes, $1.number) }
    }

    /// One stretch of merged impact: the weight that counts and the incident charged for it.
    struct Piece: Equatable {
        var start: Date
        var end: Date
        var weight: Double
        var incident: Int
    }

    /// The merged impact of the incidents that count for `slo`, cut to `interval`: non-overlapping pieces,
    /// each at the highest weight of the incidents impacting then.
    static func merged(slo: ServiceLevelObjective, impacts: [IncidentImpact], within interval: DateInterval) -> [Piece] {
        var spans: [(start: Date, end: Date, weight: Double, incident: Int)] = []
        for impact in impacts where impact.exclusion == nil && slo.counts(service: impact.service, severity: impact.severity) {
            for span in impact.spans {
                let start = max(span.start, interval.start)
                let end = min(span.end, interval.end)
                let weight = slo.impactWeights.weight(span.level)
                if start < end && weight > 0 { spans.append((start, end, weight, impact.number)) }
            }
        }
        let edges = Array(Set(spans.flatMap { [$0.start, $0.end] })).sorted()
        var pieces: [Piece] = []
        for (from, to) in zip(edges, edges.dropFirst()) {
            let active = spans.filter { $0.start <= from && $0.end >= to }
            guard let top = active.max(by: { ($0.weight, -$0.incident) < ($1.weight, -$1.incident) }) else { continue }
            if let last = pieces.last, last.end == from, last.incident == top.incident, last.weight == top.weight {
                pieces[pieces.count - 1].end = to
            } else {
                pieces.append(Piece(start: from, end: to, weight: top.weight, incident: top.incident))
            }
        }
        return pieces
    }
}

/// An SLO's budget in its current window: how big, how much was burned and by which incidents.
public struct BudgetStatus: Sendable, Equatable {
    /// One incident's share of the consumed budget.
    public struct Burn: Sendable, Equatable {
        public var number: Int
        public var title: String
        public var minutes: Double

        public init(number: Int, title: String, minutes: Double) {
            self.number = number
            self.title = title
            self.minutes = minutes
        }
    }

    public var slo: ServiceLevelObjective
    /// The whole window (a calendar window's end may be after now).
    public var window: DateInterval
    public var budgetMinutes: Double
    public var consumedMinutes: Double
    /// Largest first.
    public var burns: [Burn]

    /// Consumed as a percentage of the budget; not capped, so an overspent budget is above 100.
    public var percentConsumed: Double {
        budgetMinutes > 0 ? consumedMinutes / budgetMinutes * 100 : 0
    }

    /// Budget left; below zero when overspent.
    public var remainingMinutes: Double { budgetMinutes - consumedMinutes }

    /// The minutes incident `number` burned in this window.
    public func minutes(of number: Int) -> Double {
        burns.first { $0.number == number }?.minutes ?? 0
    }

    /// The thresholds (percent) this budget has reached, of `thresholds`.
    public func reached(_ thresholds: [Int]) -> [Int] {
        // A hair of tolerance, so 50 % reached exactly is not lost to rounding.
        thresholds.filter { percentConsumed + 1e-9 >= Double($0) }
    }
}
