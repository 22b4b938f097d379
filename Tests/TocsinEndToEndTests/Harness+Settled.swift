import Foundation
import TocsinApp
import TocsinSandbox
import TocsinStore
import TocsinTestSupport

/// The positive event a test waits for before asserting that something did *not* happen: delivery has come
/// to rest, so nothing more will reach the workspace until something new is asked of the bot.
extension Harness {
    /// Waits until no outbox entry of any incident in the database at `path` is pending and the workspace
    /// is answering no call (a call delayed by a `hang` counts until it lands). `extra` adds a condition
    /// that must hold too. False when that does not happen within `timeout`.
    static func settled(
        database path: String, workspace: SandboxWorkspace, timeout: Duration = .seconds(30),
        and extra: @Sendable (AppDatabase) async throws -> Bool = { _ in true }
    ) async throws -> Bool {
        let store = try AppDatabase(path: path)
        return try await TocsinTestSupport.eventually(timeout: timeout) {
            for number in 1... {
                guard try await store.incident(number: number) != nil else { break }
                // An alarm not yet due (a check-in follow-up, an archive) waits by design.
                let waiting = try await store.outboxEntries(incident: number).filter { entry in
                    if case .alarm = entry.effect, entry.notBefore > Date() { return false }
                    return entry.status == .pending
                }
                if !waiting.isEmpty { return false }
            }
            return await workspace.callsInProgress() == 0 ? try await extra(store) : false
        }
    }

    /// ``settled(database:workspace:timeout:and:)`` for this harness's bot.
    func settled(timeout: Duration = .seconds(30), and extra: @Sendable (AppDatabase) async throws -> Bool = { _ in true }) async throws -> Bool {
        try await Self.settled(database: databasePath, workspace: workspace, timeout: timeout, and: extra)
    }
}

extension Lane {
    /// Whether entries of this lane are work for the chat platform, not an alarm waiting for its time.
    var isChat: Bool {
        if case .alarm = self { false } else { true }
    }
}
