import Foundation
import Prometheus
import TocsinApp

/// What `/metrics` answers: the registry's counters and histograms, the gauges read from the database
/// when scraped (active incidents by severity, outbox depth and oldest pending age), `tocsin_build_info`
/// and the process metrics, each with its HELP text. With a token set (`TOCSIN_METRICS_TOKEN`) only a
/// request bearing it is answered, since the Slack routes on the same port face the internet.
struct MetricsEndpoint: Sendable {
    /// The version `tocsin_build_info` reports.
    static let version = "0.12.0"

    let registry: PrometheusCollectorRegistry
    let store: any IncidentStore & StoreProbes
    let severities: [String]
    let token: String?
    let now: @Sendable () -> Date

    /// Whether `authorization` (the request's `Authorization` header) may read the metrics.
    func admits(authorization: String?) -> Bool {
        guard let token else { return true }
        guard let authorization, authorization.hasPrefix("Bearer ") else { return false }
        return Self.constantTimeEqual(Array(authorization.utf8.dropFirst("Bearer ".utf8.count)), Array(token.utf8))
    }

    func exposition() async -> String {
        // Open on-call shifts are kept as incident records but are not active incidents.
        if let active = try? await store.activeIncidents().filter({ !$0.isOncallShift }) {
            for severity in Set(severities + active.map(\.severity.rawValue)) {
                registry.makeGauge(descriptor: Self.descriptor("incidents", unit: "active"), labels: [("severity", severity)])
                    .set(Double(active.count { $0.severity.rawValue == severity }))
            }
        }
        if let backlog = try? await store.outboxBacklog() {
            registry.makeGauge(descriptor: Self.descriptor("outbox", unit: "pending")).set(Double(backlog.pending))
            let age = backlog.oldestPendingSince.map { max(0, now().timeIntervalSince($0)) } ?? 0
            registry.makeGauge(descriptor: Self.descriptor("outbox_oldest_pending_age", unit: "seconds")).set(age)
        }
        let buildInfo = "# TYPE tocsin_build_info gauge\ntocsin_build_info{version=\"\(Self.version)\"} 1\n"
        return MetricHelp.addingHelp(to: registry.emitToString() + buildInfo + ProcessMetrics.exposition())
    }

    /// `tocsin_<metric>_<unit>`, with its help text from ``MetricHelp``.
    private static func descriptor(_ metric: String, unit: String) -> MetricNameDescriptor {
        let descriptor = MetricNameDescriptor(namespace: "tocsin", metricName: metric, unitName: unit, helpText: "")
        return MetricNameDescriptor(namespace: "tocsin", metricName: metric, unitName: unit, helpText: MetricHelp.text[descriptor.name] ?? "")
    }

    private static func constantTimeEqual(_ given: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference = UInt8(given.count == expected.count ? 0 : 1)
        for index in expected.indices {
            difference |= expected[index] ^ (index < given.count ? given[index] : 0)
        }
        return difference == 0
    }
}
