import Foundation

/// The inbound events already handled, by the platform's event id, so a retried delivery of the same event
/// (Slack retries a callback it did not see acknowledged in time) is handled once.
///
/// Request ids that changed an incident share this log (see ``IncidentRepository``); an event id and a
/// request id never collide because the adapter gives each its own prefix.
public protocol InboundEventLog: Sendable {
    /// Records an inbound event id; false when it was seen before (a retry or a duplicate). Atomic: of two
    /// processes recording the same id at once, exactly one is answered true.
    func recordInboundEvent(id: String, at: Date) async throws(StoreError) -> Bool
}
