import Foundation
import Logging
import TocsinApp
import TocsinCore
import TocsinStore
import TocsinStorePostgres

/// `tocsin drill`'s composition: the store the `--database` value names, and a ``DrillRunner`` on it. The
/// runner stores the drill and its scripted steps; the bot running on the same database delivers them.
public struct OfflineDrill {
    let location: StoreLocation
    let configuration: TocsinConfiguration

    /// A SQLite file must exist already: a drill goes into the database the bot runs on.
    public init(database: String, configuration: TocsinConfiguration) throws {
        location = try StoreLocation(database)
        if case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) {
            throw StartupError.store(.unavailable("\(path) does not exist; name the database the bot runs on"))
        }
        self.configuration = configuration
    }

    /// The database as messages may name it (a PostgreSQL URL without its password).
    public var databaseName: String { location.description }

    /// Runs `body` with a drill runner on the store at ``location``.
    public func withRunner<Value: Sendable>(logger: Logger, _ body: @escaping @Sendable (DrillRunner) async throws -> Value) async throws -> Value {
        let configuration = self.configuration
        switch location {
        case .sqlite(let path):
            return try await body(DrillRunner(store: try AppDatabase(path: path, logger: logger), configuration: configuration, logger: logger))
        case .postgres(let postgres):
            var quiet = Logger(label: "tocsin.store")
            quiet.logLevel = .critical
            return try await PostgresStore.withRunning(postgres, logger: quiet) { store in
                try await body(DrillRunner(store: store, configuration: configuration, logger: logger))
            }
        }
    }
}
