import TocsinApp

/// A fresh, empty store for one contract check, with the means to damage its rows the way an older or
/// broken writer could, which only the implementation knows how to do.
public struct StoreUnderTest: Sendable {
    public var store: any IncidentStore
    /// Leaves incident `number`'s stored row unreadable by this version (e.g. a date written as garbage).
    public var corruptIncident: @Sendable (_ number: Int) async throws -> Void
    /// Leaves outbox entry `id`'s stored effect unreadable by this version.
    public var corruptOutboxEntry: @Sendable (_ id: Int64) async throws -> Void

    public init(
        store: any IncidentStore, corruptIncident: @escaping @Sendable (Int) async throws -> Void,
        corruptOutboxEntry: @escaping @Sendable (Int64) async throws -> Void
    ) {
        self.store = store
        self.corruptIncident = corruptIncident
        self.corruptOutboxEntry = corruptOutboxEntry
    }
}
