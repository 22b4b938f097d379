import Foundation
import Logging
import PostgresNIO
import Testing
import TocsinApp
import TocsinStoreContract
import TocsinStorePostgres

/// The PostgreSQL store passes the store contract, each check on a fresh schema of the server in `TOCSIN_TEST_POSTGRES`.
@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipReason))
struct PostgresStoreContractTests {
    @Test(arguments: StoreContract.allCases)
    func postgres(_ check: StoreContract) async throws {
        try await TestDatabase.withFreshSchema { location in
            try await PostgresStore.withRunning(location) { store in
                try await check.verify(StoreUnderTest(
                    store: store,
                    // A told-channels column that is not JSON: what a broken writer could leave.
                    corruptIncident: { number in
                        try await store.client.query("UPDATE incident SET told_channels = 'garbage' WHERE number = \(number)")
                    },
                    corruptOutboxEntry: { id in
                        try await store.client.query("UPDATE outbox SET effect = '{\"no_such_effect\":{}}' WHERE id = \(id)")
                    }
                ))
            }
        }
    }
}

/// Under CI the PostgreSQL tests must run: an unset `TOCSIN_TEST_POSTGRES` fails there instead of skipping them.
@Suite struct PostgresConfigurationTests {
    @Test func ciRunsThePostgresTests() {
        let isCI = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } ?? false
        if isCI {
            #expect(TestDatabase.isConfigured, "CI is set but TOCSIN_TEST_POSTGRES is not: the PostgreSQL store tests would be skipped")
        }
    }
}
