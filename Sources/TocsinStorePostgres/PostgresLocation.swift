import Foundation
import PostgresNIO
import TocsinApp

/// Where a PostgreSQL store lives, read from a `postgres://user:password@host:5432/db?sslmode=…` URL.
///
/// It exists so the URL is parsed once, into postgres-nio's configuration, and so that everything printed
/// about it (``description``, every error) leaves the password out: the URL is a secret as a whole only
/// because of the password, and an operator needs to see the rest to tell which server was meant.
public struct PostgresLocation: Sendable, CustomStringConvertible {
    /// How the connection uses TLS, as libpq's `sslmode` names it.
    public enum SSLMode: String, Sendable, CaseIterable {
        /// Plain TCP only.
        case disable
        /// TLS when the server offers it, plain TCP otherwise (libpq's default, and ours).
        case prefer
        /// TLS or no connection; the server's certificate is verified against the system's roots.
        case require
    }

    public var host: String
    public var port: Int
    public var username: String
    var password: String?
    public var database: String
    public var sslMode: SSLMode
    /// The schema the store's tables live in (`search_path`); nil for the server's default (`public`).
    /// Tests give each run its own, so runs never see each other's rows.
    public var schema: String?

    /// Whether `text` names a PostgreSQL database (its scheme is `postgres` or `postgresql`) rather than a SQLite file.
    public static func isPostgresURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    /// Parses a `postgres://` URL; throws one sentence naming what is wrong, without the password.
    public init(url text: String, schema: String? = nil) throws(PostgresLocationError) {
        guard Self.isPostgresURL(text), let components = URLComponents(string: text) else {
            throw .init("the database URL is not a valid postgres:// URL; write postgres://user:password@host:5432/database")
        }
        guard let host = components.host, !host.isEmpty else {
            throw .init("the database URL names no host; write postgres://user:password@host:5432/database")
        }
        guard let user = components.user, !user.isEmpty else {
            throw .init("the database URL names no user; write postgres://user:password@\(host)/database")
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else {
            throw .init("the database URL's port \(port) is out of range; use 1 to 65535")
        }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.isEmpty, !path.contains("/") else {
            throw .init("the database URL names no database; write postgres://user:password@\(host):\(port)/database")
        }
        var mode = SSLMode.prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, let parsed = SSLMode(rawValue: value) else {
                    throw .init("the database URL's sslmode is \(item.value ?? "empty"); use disable, prefer or require")
                }
                mode = parsed
            default:
                throw .init("the database URL has the parameter \(item.name), which Tocsin does not know; it knows sslmode")
            }
        }
        self.host = host
        self.port = port
        self.username = components.user?.removingPercentEncoding ?? user
        self.password = components.password?.removingPercentEncoding ?? components.password
        self.database = path.removingPercentEncoding ?? path
        self.sslMode = mode
        self.schema = schema
    }

    /// The URL without its password, for logs and messages.
    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }

    /// The pool's configuration: TLS as `sslmode` says, the schema as the search path.
    func clientConfiguration() -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(.makeClientConfiguration())
        case .require: tls = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        if let schema { configuration.options.additionalStartupParameters = [("search_path", schema)] }
        return configuration
    }

    /// One connection's configuration (for migrations, made before the pool runs), with the same TLS and schema.
    func connectionConfiguration() throws(StoreError) -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        do {
            switch sslMode {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        } catch {
            throw .unavailable("cannot set up TLS for \(self): \(error)")
        }
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        if let schema { configuration.options.additionalStartupParameters = [("search_path", schema)] }
        return configuration
    }
}

/// Why a database URL was refused: one sentence for the operator, never holding the password.
public struct PostgresLocationError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
