/// Where action items become issues (Jira). Optional: without one, action items live in Tocsin only.
public protocol IssueTracker: Sendable {
    /// Files an issue and returns its key (e.g. `OPS-123`).
    func createIssue(_ issue: TrackerIssue) async throws(TrackerError) -> String
    /// The key of the issue carrying `marker` (a label), if one was filed before.
    func findIssue(marker: String) async throws(TrackerError) -> String?
}

/// An issue to file: what people read, and the marker that identifies it.
public struct TrackerIssue: Sendable, Equatable {
    public var summary: String
    public var description: String
    public var marker: String

    public init(summary: String, description: String, marker: String) {
        self.summary = summary
        self.description = description
        self.marker = marker
    }
}

/// Why filing or finding an issue failed: bad credentials, an unknown project or a refused request are
/// `.permanent`; an outage, a timeout or a rate limit is `.transient`, with whether the issue may have been filed.
public typealias TrackerError = ServiceCallError
