/// A live line in an incident: how much of an SLO's budget this incident has burned (10, 25, 50, 100 %).
public struct BudgetBurnNews: Sendable, Equatable, Codable {
    public var slo: String
    /// `30-day` or `calendar-month`.
    public var window: String
    /// This incident's share, in percent of the budget, rounded down.
    public var percent: Int
    /// Minutes, one decimal (`10.0`).
    public var burned: String
    public var budget: String
    /// Whole minutes of full impact the budget has left (`33`); nil when it is spent.
    public var rest: String?
    /// Minutes over budget (`1.8`), when spent.
    public var overspent: String?

    public init(slo: String, window: String, percent: Int, burned: String, budget: String, rest: String?, overspent: String?) {
        self.slo = slo
        self.window = window
        self.percent = percent
        self.burned = burned
        self.budget = budget
        self.rest = rest
        self.overspent = overspent
    }

    /// The sentence as the incident channel and executive thread read it.
    public var sentence: String {
        let tail = rest.map { "at full impact the rest lasts \($0) min" } ?? "the budget is spent, \(overspent ?? "0.0") min over"
        return "This incident has burned \(percent) % of \(slo)'s \(window) budget (\(burned) of \(budget) min); \(tail)."
    }
}

/// A budget-policy notice: a service's consumed budget crossed one of its SLO's `budgetConsumed` thresholds.
public struct BudgetPolicyNews: Sendable, Equatable, Codable {
    public var slo: String
    public var service: String
    /// `rolling 30d` or `calendar 1M from …`.
    public var window: String
    public var threshold: Int
    /// Consumed, in percent of the budget, rounded down.
    public var percent: Int
    public var consumed: String
    public var budget: String
    /// The incidents responsible, largest first: `#3 Card payments failing (30.0 min)`.
    public var incidents: [String]
    /// At or past 100 %: the budget is spent.
    public var spent: Bool

    public init(slo: String, service: String, window: String, threshold: Int, percent: Int, consumed: String, budget: String, incidents: [String], spent: Bool) {
        self.slo = slo
        self.service = service
        self.window = window
        self.threshold = threshold
        self.percent = percent
        self.consumed = consumed
        self.budget = budget
        self.incidents = incidents
        self.spent = spent
    }
}

/// The weekly SLO review: every SLO, worst first, with the incidents of the week.
public struct BudgetDigestNews: Sendable, Equatable, Codable {
    /// `2026-11-23 09:00` to `2026-11-30 09:00` (UTC).
    public var from: String
    public var to: String
    /// One line per SLO, worst first.
    public var lines: [String]
    /// Whether no incident burned any SLO's budget in the week, which the review says first.
    public var noIncidents: Bool

    public init(from: String, to: String, lines: [String], noIncidents: Bool = false) {
        self.from = from
        self.to = to
        self.lines = lines
        self.noIncidents = noIncidents
    }

    private enum CodingKeys: String, CodingKey { case from, to, lines, noIncidents }

    /// Reviews stored by earlier versions have no `noIncidents`; they read as naming their incidents in the lines.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        from = try container.decode(String.self, forKey: .from)
        to = try container.decode(String.self, forKey: .to)
        lines = try container.decode([String].self, forKey: .lines)
        noIncidents = try container.decodeIfPresent(Bool.self, forKey: .noIncidents) ?? false
    }
}
