import Foundation
import TocsinCore

/// The error-budget reads: every SLO's budget (for `/incident slo`, `tocsin slo`, the budget policy and the
/// weekly digest) and an incident's share of its service's budgets (for its postmortem).
extension IncidentReports {
    /// The budgets of every SLO, or of `service`'s, as of now, in the configured order.
    public func budgets(service: String? = nil) async throws(StoreError) -> [BudgetStatus] {
        let at = now()
        let slos = service.map { configuration.slos(of: $0) } ?? configuration.slos
        let impacts = try await impacts(for: slos, at: at)
        return slos.compactMap { ErrorBudget.status(of: $0, impacts: impacts, now: at) }
    }

    /// The impact of every incident that may have burned one of `slos`'s budgets in the windows that hold
    /// `at` (or the week before): incidents on their services, still open or closed within a day before the
    /// earliest window. Nothing is read when there are no SLOs.
    public func impacts(for slos: [ServiceLevelObjective], at: Date) async throws(StoreError) -> [IncidentImpact] {
        guard !slos.isEmpty else { return [] }
        let week = at.addingTimeInterval(-7 * 86_400)
        let earliest = slos.compactMap { $0.timeWindow.interval(containing: at)?.start }.reduce(week, min).addingTimeInterval(-86_400)
        let incidents = try await store.incidentHistories().map(\.incident).filter { incident in
            slos.contains { $0.service.caseInsensitiveCompare(incident.service ?? "") == .orderedSame }
                && (incident.state.isActive || (incident.resolvedAt ?? incident.declaredAt) >= earliest)
        }
        var impacts: [IncidentImpact] = []
        for incident in incidents {
            impacts.append(IncidentImpact(incident, timeline: try await store.timeline(incident: incident.number), now: at))
        }
        return impacts
    }

    /// What the postmortem's "Error budget impact" section says of `incident`: per SLO of its service, its
    /// share of the budget in the window that ends when its impact ended (or now, while it lasts).
    func budgetImpact(of incident: Incident, timeline: [TimelineEntry]) async throws(StoreError) -> [String] {
        let slos = configuration.slos(of: incident.service)
        guard !slos.isEmpty else { return [] }
        let at = now()
        let own = IncidentImpact(incident, timeline: timeline, now: at)
        let end = min(at, own.spans.last?.end ?? at)
        let impacts = try await impacts(for: slos, at: end)
        return slos.compactMap { slo in
            guard let status = ErrorBudget.status(of: slo, impacts: impacts, now: end) else { return nil }
            let share = status.minutes(of: incident.number)
            let percent = status.budgetMinutes > 0 ? share / status.budgetMinutes * 100 : 0
            let excluded = own.exclusion.map { " (none: \($0.rawValue) incidents burn nothing)" } ?? ""
            return "\(slo.name) (\(slo.timeWindow.summary), target \(BudgetText.target(slo.target))): this incident burned "
                + "\(BudgetText.minutes(share)) of \(BudgetText.minutes(status.budgetMinutes)) min (\(BudgetText.percent(percent)) %)\(excluded); "
                + "as of \(UTCTime.minutes(end)) UTC the window had \(BudgetText.minutes(status.remainingMinutes)) min left "
                + "(\(BudgetText.percent(status.percentConsumed)) % consumed)."
        }
    }
}
