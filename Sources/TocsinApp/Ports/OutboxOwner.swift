import Foundation

/// Who holds an outbox entry's lease: one delivery worker. Its id is unique per process run, so a lease
/// left by a process that stopped is never mistaken for this one's.
public struct OutboxOwner: Hashable, Sendable, CustomStringConvertible {
    public let id: String

    public init(_ id: String) {
        self.id = id
    }

    /// The id of this process run: its pid and a random part (pids are reused across restarts).
    public static let thisProcess = OutboxOwner("pid\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")

    public var description: String { id }
}
