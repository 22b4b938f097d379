import PostgresNIO
import TocsinApp

/// Reads postgres-nio's errors: which ones are worth running the transaction again (a serialization
/// failure or a deadlock, where PostgreSQL rolled the transaction back so that it can be retried), and one
/// sentence for a ``StoreError``.
///
/// `PSQLError`'s own description is deliberately vague (it hides queries and values); this one says the
/// server's SQLSTATE and message, or what went wrong on the connection, and never a bound value or the password.
enum PostgresFailure {
    /// `40001` serialization_failure and `40P01` deadlock_detected.
    static let retryableStates: Set<String> = ["40001", "40P01"]

    static func sqlState(of error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    static func isRetryable(_ error: any Error) -> Bool {
        sqlState(of: error).map(retryableStates.contains) ?? false
    }

    /// `23505` unique_violation.
    static func isUniqueViolation(_ error: any Error) -> Bool {
        sqlState(of: error) == "23505"
    }

    /// What went wrong, in a few words for an operator.
    static func describe(_ error: any Error) -> String {
        if let error = error as? StoreError { return "\(error)" }
        guard let error = error as? PSQLError else { return "\(error)" }
        if let info = error.serverInfo {
            let state = info[.sqlState] ?? "?"
            let message = info[.message] ?? "no message"
            return "the server refused it (\(state): \(message))"
        }
        if let underlying = error.underlying {
            return "\(error.code): \(underlying)"
        }
        return "\(error.code)"
    }

    /// The error as the store's callers see it.
    static func storeError(_ error: any Error, _ what: String) -> StoreError {
        if let error = error as? StoreError { return error }
        return .unavailable("\(what): \(describe(error))")
    }
}
