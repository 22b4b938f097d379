import HTTPTypes
import Metrics

/// Counts what the Slack routes did with each request, `tocsin_requests_total{route,outcome}`, and times
/// slash-command handling, `tocsin_command_handling_seconds`. The counters are made once, so a request
/// costs one atomic increment.
struct RequestMetrics: Sendable {
    enum Route: String, CaseIterable, Sendable {
        case commands, events, interactions
    }

    /// What became of a request; the raw value is the `outcome` label.
    enum Outcome: String, CaseIterable, Sendable {
        case accepted
        case badSignature = "bad_signature"
        case malformed
        case tooLarge = "too_large"
        case slowBody = "slow_body"
        case busy
        case sslCheck = "ssl_check"
        case other

        /// The outcome a response's status tells.
        init(status: HTTPResponse.Status) {
            switch status.code {
            case 200..<300: self = .accepted
            case 400: self = .malformed
            case 401: self = .badSignature
            case 408: self = .slowBody
            case 413: self = .tooLarge
            case 503: self = .busy
            default: self = .other
            }
        }
    }

    static let requestsLabel = "tocsin_requests_total"
    static let commandHandlingLabel = "tocsin_command_handling_seconds"

    /// One counter per route and outcome, found by the cases' positions: a request costs no string or hash.
    private let counters: [[Counter]]
    private let commandHandling = Metrics.Timer(label: RequestMetrics.commandHandlingLabel)

    init() {
        counters = Route.allCases.map { route in
            Outcome.allCases.map { outcome in
                Counter(label: Self.requestsLabel, dimensions: [("route", route.rawValue), ("outcome", outcome.rawValue)])
            }
        }
    }

    func count(_ route: Route, _ outcome: Outcome) {
        guard let row = Route.allCases.firstIndex(of: route), let column = Outcome.allCases.firstIndex(of: outcome) else { return }
        counters[row][column].increment()
    }

    func recordCommandHandling(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        commandHandling.recordNanoseconds(min(seconds, 86_400) * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
