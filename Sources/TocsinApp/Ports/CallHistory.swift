import Foundation

/// The chat API calls a delivering process made recently, by rate-limit bucket, with the time of each: what the
/// next process to lead delivery needs to know to keep the platform's limits where the last one left them.
///
/// The platform's limits are per app, not per process, and a new leader cannot see the calls the old one made;
/// without them it would call as if every limit were fresh, and meet each one. The bucket names are the chat
/// adapter's own (opaque here); the leadership only keeps the history for whoever leads next.
public struct CallHistory: Sendable, Equatable, Codable {
    /// Call times by bucket.
    public var calls: [String: [Date]]

    public init(calls: [String: [Date]] = [:]) {
        self.calls = calls
    }

    public var isEmpty: Bool { calls.isEmpty }
}
