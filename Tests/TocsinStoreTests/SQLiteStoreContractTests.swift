import Foundation
import GRDB
import Testing
import TocsinApp
import TocsinStore
import TocsinStoreContract

/// The SQLite store passes the store contract, in memory (as unit tests use it) and on disk (as the bot does).
@Suite struct SQLiteStoreContractTests {
    /// `store` on `writer`, with its rows damaged through a connection of the test's own.
    private static func underTest(_ store: AppDatabase, damagingThrough writer: any DatabaseWriter) -> StoreUnderTest {
        StoreUnderTest(
            store: store,
            corruptIncident: { number in
                try await writer.write { db in
                    try db.execute(sql: "UPDATE incident SET declared_at = 'garbage' WHERE number = ?", arguments: [number])
                }
            },
            corruptOutboxEntry: { id in
                try await writer.write { db in
                    try db.execute(sql: "UPDATE outbox SET effect = '{\"no_such_effect\":{}}' WHERE id = ?", arguments: [id])
                }
            }
        )
    }

    @Test(arguments: StoreContract.allCases)
    func inMemory(_ check: StoreContract) async throws {
        let queue = try DatabaseQueue()
        try await check.verify(Self.underTest(try AppDatabase(queue), damagingThrough: queue))
    }

    @Test(arguments: StoreContract.allCases)
    func onDisk(_ check: StoreContract) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-contract-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let store = try AppDatabase(path: path)
        try await check.verify(Self.underTest(store, damagingThrough: try DatabaseQueue(path: path)))
    }
}
