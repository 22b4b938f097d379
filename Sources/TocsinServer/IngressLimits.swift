#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much the HTTP ingress takes on at once, so hostile or broken clients are refused instead of
/// exhausting the process's file descriptors or memory.
public struct IngressLimits: Sendable, Equatable {
    /// Open files kept back from connections: the SQLite database (and its WAL and shared-memory files),
    /// libcurl's connections to Slack and Jira, the event loops' own descriptors, and the standard streams.
    public static let reservedFileDescriptors = 64
    /// No more connections than this by default, however high the open-file limit.
    public static let defaultConnectionCeiling = 4096

    /// Connections served at once; above it new connections wait in the listen backlog until one closes.
    public var maxConnections: Int
    /// A connection that sends nothing for this long is closed (also one stuck halfway through its headers).
    public var idleTimeout: Duration
    /// A request whose body has not fully arrived this long after its headers gets 408 and its connection is closed.
    public var bodyTimeout: Duration
    /// The largest body a Slack route reads; a larger `Content-Length` gets 413 before anything is read.
    public var maxBodyBytes: Int
    /// The bytes all not-yet-verified request bodies may hold at once; over it, 503 with `Retry-After`.
    public var unverifiedBodyBudget: Int

    /// - Parameters:
    ///   - maxConnections: connections served at once (`nil`: derived from the open-file limit).
    ///   - idleTimeout: seconds a silent connection is kept.
    ///   - bodyTimeout: seconds a request body may take to arrive.
    ///   - maxBodyBytes: the largest body read.
    ///   - unverifiedBodyBudget: the bytes unverified bodies may hold at once.
    public init(
        maxConnections: Int? = nil, idleTimeout: Duration = .seconds(30), bodyTimeout: Duration = .seconds(5),
        maxBodyBytes: Int = 512 * 1024, unverifiedBodyBudget: Int = 16 * 1024 * 1024
    ) {
        self.maxConnections = maxConnections ?? Self.defaultMaxConnections(openFileLimit: Self.openFileLimit())
        self.idleTimeout = idleTimeout
        self.bodyTimeout = bodyTimeout
        self.maxBodyBytes = maxBodyBytes
        self.unverifiedBodyBudget = unverifiedBodyBudget
    }

    /// Three quarters of the descriptors left after the reserve, between 8 and ``defaultConnectionCeiling``:
    /// 48 under a limit of 128, 720 under 1,024.
    public static func defaultMaxConnections(openFileLimit: Int) -> Int {
        let spare = max(0, openFileLimit - reservedFileDescriptors)
        return min(defaultConnectionCeiling, max(8, spare / 4 * 3))
    }

    /// The largest connection cap this process's open-file limit allows, keeping the reserve free.
    public static func largestMaxConnections(openFileLimit: Int) -> Int {
        max(1, openFileLimit - reservedFileDescriptors)
    }

    /// The process's soft `RLIMIT_NOFILE` (1,024 when it cannot be read or is unlimited beyond `Int`).
    public static func openFileLimit() -> Int {
        var limit = rlimit()
        #if canImport(Glibc)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0 else { return 1024 }
        return limit.rlim_cur > rlim_t(Int32.max) ? Int(Int32.max) : Int(limit.rlim_cur)
    }
}
