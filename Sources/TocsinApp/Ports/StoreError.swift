/// Why the store could not do what was asked.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case unavailable(String)
    /// A stored row this version cannot read; the message names the row.
    case corrupt(String)
    /// A value the store would not be able to read back (a date that is not finite, or outside the years
    /// 1970–9999, or a value that cannot be encoded); nothing was written.
    case unstorable(String)
    /// An outbox outcome recorded by a worker that does not hold the entry's lease (it ended and another
    /// worker claimed the entry, or the entry was never claimed); nothing was written.
    case notLeaseHolder(String)

    public var description: String {
        switch self {
        case .unavailable(let reason): "The database is unavailable: \(reason)"
        case .corrupt(let reason): "The database holds a record that cannot be read: \(reason)"
        case .unstorable(let reason): "The database refused a value it could not read back: \(reason)"
        case .notLeaseHolder(let reason): "The outbox refused an outcome from a worker without the lease: \(reason)"
        }
    }
}
