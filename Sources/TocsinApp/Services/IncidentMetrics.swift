import Foundation
import Metrics
import TocsinCore

/// The incident metrics a dashboard shows per severity: declarations, and the time to action (from the
/// declaration to the first responder's check-in, the KPI `tocsin kpis` reports).
enum IncidentMetrics {
    static let declaredLabel = "tocsin_incidents_declared_total"
    static let timeToActionLabel = "tocsin_time_to_action_seconds"

    static func declared(severity: String) {
        Counter(label: declaredLabel, dimensions: [("severity", severity)]).increment()
    }

    /// Records the time to action of `incident`, whose first check-in was just recorded at `now`.
    static func recordTimeToAction(_ incident: Incident, now: Date) {
        let seconds = max(0, now.timeIntervalSince(incident.declaredAt))
        Metrics.Timer(label: timeToActionLabel, dimensions: [("severity", incident.severity.rawValue)])
            .recordNanoseconds(Int64(min(seconds, 365 * 86_400) * 1e9))
    }
}
