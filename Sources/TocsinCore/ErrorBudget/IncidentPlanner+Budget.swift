import Foundation

extension IncidentPlanner {
    /// The shares of an SLO's budget one incident is told about as it burns them, once each.
    public static let burnThresholds = [10, 25, 50, 100]

    /// The timeline key that records that an incident was told it burned `threshold` % of `slo`'s budget.
    public static func burnKey(slo: String, threshold: Int) -> String {
        "budget:\(slo):\(threshold)"
    }

    /// The thresholds of `slo` this incident was already told about, read from its timeline.
    public static func toldBurnThresholds(slo: String, timeline: [TimelineEntry]) -> Set<Int> {
        let prefix = "budget:\(slo):"
        return Set(timeline.filter { $0.kind == .budget && $0.key.hasPrefix(prefix) }.compactMap { Int($0.key.dropFirst(prefix.count)) })
    }

    /// The live line for `incident` when its share of `status`'s budget has crossed a threshold it was not
    /// told about: one post in the incident channel and one in the executive thread (when the executives
    /// are informed), and a timeline entry per threshold crossed, so each is said once. Nil when nothing is new.
    public func budgetBurn(_ incident: Incident, status: BudgetStatus, told: Set<Int>, now: Date) -> (decision: Decision, threshold: Int)? {
        let share = status.minutes(of: incident.number)
        let percent = status.budgetMinutes > 0 ? share / status.budgetMinutes * 100 : 0
        let newly = Self.burnThresholds.filter { percent + 1e-9 >= Double($0) && $0 > (told.max() ?? 0) }
        guard let top = newly.last else { return nil }
        let remaining = status.remainingMinutes
        let news = BudgetBurnNews(
            slo: status.slo.name, window: status.slo.timeWindow.adjective, percent: BudgetText.percent(percent),
            burned: BudgetText.minutes(share), budget: BudgetText.minutes(status.budgetMinutes),
            rest: remaining > 0 ? String(BudgetText.percent(remaining)) : nil, overspent: remaining > 0 ? nil : BudgetText.minutes(-remaining)
        )
        let view = self.view(of: incident, now: now)
        var effects: [Effect] = [.post(Post(target: .incidentChannel, view: view, ring: .responders, content: .budgetBurn(news)))]
        for channel in audience(severity: incident.severity, tier: incident.tier, service: incident.service, isDrill: incident.isDrill) where channel.ring == .executives {
            effects.append(.post(Post(target: .thread(channel.name), view: view, ring: .executives, content: .budgetBurn(news))))
        }
        let entries = newly.map { threshold in
            TimelineEntry(
                at: now, kind: .budget, actor: nil,
                text: RichText(threshold == top ? news.sentence : "Passed \(threshold) % of \(status.slo.name)'s \(news.window) budget."),
                key: Self.burnKey(slo: status.slo.name, threshold: threshold)
            )
        }
        return (Decision(incident: incident, effects: effects, timeline: entries), top)
    }

    /// The budget-policy notice for `status` crossing `threshold`: its service's stakeholders channel, and at
    /// 100 % or more the executive channel too. `carrier` is the incident the notice is queued with (the
    /// latest responsible); the notice is about the service, not about that incident alone.
    public func budgetPolicy(_ status: BudgetStatus, threshold: Int, carrier: Incident, now: Date) -> [Effect] {
        let news = BudgetPolicyNews(
            slo: status.slo.name, service: status.slo.service, window: status.slo.timeWindow.summary, threshold: threshold,
            percent: BudgetText.percent(status.percentConsumed), consumed: BudgetText.minutes(status.consumedMinutes),
            budget: BudgetText.minutes(status.budgetMinutes), incidents: status.burns.map(BudgetText.burn), spent: threshold >= 100
        )
        let view = self.view(of: carrier, now: now)
        var effects: [Effect] = []
        if let channel = configuration.service(named: status.slo.service)?.stakeholdersChannel {
            effects.append(.post(Post(target: .named(channel), view: view, ring: .stakeholders, content: .budgetPolicy(news))))
        }
        if threshold >= 100 {
            effects.append(.post(Post(target: .named(configuration.slack.execChannel), view: view, ring: .executives, content: .budgetPolicy(news))))
        }
        return effects
    }

    /// The weekly review of `week`: every SLO's budget, worst first (the highest share consumed; by name on a
    /// tie), with the incidents that burned it in the week; a week no incident burned says so. It belongs
    /// to no incident, so it is an announcement in `channel` (queued as ``Effect/announce(_:)``).
    public func budgetDigest(_ statuses: [BudgetStatus], impacts: [IncidentImpact], week: DigestWeek, channel: String) -> Announcement {
        let interval = DateInterval(start: week.start, end: max(week.start, week.end))
        var quiet = true
        let lines = statuses.sorted { ($1.percentConsumed, $0.slo.name) < ($0.percentConsumed, $1.slo.name) }.map { status in
            let weekly = ErrorBudget.shares(slo: status.slo, impacts: impacts, within: interval)
            if !weekly.isEmpty { quiet = false }
            let incidents = weekly.isEmpty ? "no incident this week" : "this week: " + weekly.map(BudgetText.burn).joined(separator: ", ")
            return "\(status.slo.name) (\(status.slo.service)): \(BudgetText.percent(status.percentConsumed)) % of the \(status.slo.timeWindow.summary) budget consumed "
                + "(\(BudgetText.minutes(status.consumedMinutes)) of \(BudgetText.minutes(status.budgetMinutes)) min, \(BudgetText.minutes(status.remainingMinutes)) left); \(incidents)"
        }
        let news = BudgetDigestNews(from: UTCTime.minutes(week.start), to: UTCTime.minutes(week.end), lines: lines, noIncidents: quiet)
        return Announcement(channel: channel, content: .budgetDigest(news))
    }
}
