import GRDB
import TocsinApp

extension AppDatabase {
    /// Whether a write would go through now: takes the write lock (`BEGIN IMMEDIATE`) and rolls back,
    /// changing nothing. A read-only file, a lost directory or a database locked by another process fails it.
    public func checkWritable() async throws(StoreError) {
        do {
            try await writer.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) { .rollback }
            }
        } catch {
            throw .unavailable("cannot write: \(error)")
        }
    }
}
