import TocsinStorePostgres

/// Which store the bot keeps its state in, chosen by the `--database` value (`TOCSIN_DATABASE`): a
/// `postgres://` (or `postgresql://`) URL is a PostgreSQL database, anything else the path of a SQLite file.
public enum StoreLocation: Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// Reads a `--database` value; a PostgreSQL URL that cannot be used is one sentence, without its password.
    public init(_ text: String) throws(StartupError) {
        guard PostgresLocation.isPostgresURL(text) else {
            self = .sqlite(path: text)
            return
        }
        do {
            self = .postgres(try PostgresLocation(url: text))
        } catch {
            throw .databaseURL(error)
        }
    }

    /// The path, or the URL without its password: what logs and messages may show.
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let location): location.description
        }
    }

    /// `text` as logs may show it: a PostgreSQL URL without its password (and not at all when it cannot be read).
    public static func redacted(_ text: String) -> String {
        (try? StoreLocation(text))?.description ?? "an unreadable postgres:// URL"
    }
}
