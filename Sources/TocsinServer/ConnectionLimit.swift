import Hummingbird
import HummingbirdCore
import Logging
import Metrics

/// Hummingbird's accept gate: at `maximum` open connections the server stops accepting, so new ones wait
/// in the kernel's listen backlog (and are refused by it once that is full) until a connection closes.
/// The process never runs out of descriptors for its database and Slack calls because of clients.
struct ConnectionLimit: AvailableConnectionsDelegate {
    let maximum: Int
    let logger: Logger
    let logLines: LogLineLimiter
    private let reached = Counter(label: "tocsin_requests_rejected_total", dimensions: [("reason", "connection_limit")])
    private var open = 0

    init(maximum: Int, logger: Logger, logLines: LogLineLimiter) {
        self.maximum = maximum
        self.logger = logger
        self.logLines = logLines
    }

    mutating func connectionOpened() {
        open += 1
    }

    mutating func connectionClosed() {
        open -= 1
    }

    func isAcceptingNewConnections() -> Bool {
        guard open >= maximum else { return true }
        // Asked once each time accepting pauses (the server then waits for a close before asking again).
        reached.increment()
        if case .write(let suppressed) = logLines.decide("connection_limit") {
            logger.warning(
                "connection limit reached; new connections wait until one closes",
                metadata: ["max_connections": "\(maximum)", "suppressed": "\(suppressed)"]
            )
        }
        return false
    }
}
