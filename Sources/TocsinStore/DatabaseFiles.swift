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
    static func restrict(_ path: String) {
        guard !path.isEmpty, path != ":memory:", !path.hasPrefix("file:") else { return }
        let descriptor = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        if descriptor >= 0 { close(descriptor) }
        for suffix in suffixes {
            // A file that does not exist yet is fine (ENOENT): it will inherit the main file's mode.
            _ = chmod(path + suffix, 0o600)
        }
    }
}
