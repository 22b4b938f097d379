import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The database's files on disk hold every incident and its transcript: only the bot's own user may read them.
enum DatabaseFiles {
    /// The main file and the ones SQLite keeps beside it.
    static let suffixes = ["", "-wal", "-shm", "-journal"]

    /// Creates the database file owner-only (0600) before SQLite opens it, since SQLite creates the `-wal`
    /// and `-shm` files with the main file's mode, and narrows any of them left by an earlier version.
    /// In-memory and URI paths are left to SQLite.
    ///
    /// An existing file is never opened here, only `chmod`ed: closing any descriptor of a file releases every
    /// POSIX lock this process holds on it, so opening and closing a database another connection of this
    /// process has open would silently drop SQLite's locks on it (SQLite's "How To Corrupt" §2.2).
    static func restrict(_ path: String) {
        guard !path.isEmpty, path != ":memory:", !path.hasPrefix("file:") else { return }
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if descriptor >= 0 { close(descriptor) }
        for suffix in suffixes {
            // A file that does not exist yet is fine (ENOENT): it will inherit the main file's mode.
            _ = chmod(path + suffix, 0o600)
        }
    }
}
