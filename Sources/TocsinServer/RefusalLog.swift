import Logging
import Metrics

/// Counts every refused request in `tocsin_requests_rejected_total{reason=…}` and writes at most one
/// log line per reason per interval, saying how many it held back.
struct RefusalLog: Sendable {
    /// Why a request was refused; the raw value is the metric's `reason` label.
    enum Reason: String, CaseIterable, Sendable {
        case signature, malformed
        case tooLarge = "too_large"
        case busy
        case slowBody = "slow_body"
    }

    let logger: Logger
    let lines: LogLineLimiter
    private let counters: [Reason: Counter]

    init(logger: Logger, lines: LogLineLimiter) {
        self.logger = logger
        self.lines = lines
        var counters: [Reason: Counter] = [:]
        for reason in Reason.allCases {
            counters[reason] = Counter(label: "tocsin_requests_rejected_total", dimensions: [("reason", reason.rawValue)])
        }
        self.counters = counters
    }

    /// Counts the refusal and logs `message` unless a line for `reason` was written within the interval.
    func refuse(_ reason: Reason, _ message: Logger.Message, metadata: Logger.Metadata = [:]) {
        counters[reason]?.increment()
        guard case .write(let suppressed) = lines.decide(reason.rawValue) else { return }
        var metadata = metadata
        metadata["reason"] = metadata["reason"] ?? "\(reason.rawValue)"
        if suppressed > 0 { metadata["suppressed"] = "\(suppressed)" }
        logger.warning(message, metadata: metadata)
    }
}
