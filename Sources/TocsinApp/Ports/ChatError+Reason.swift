extension ChatError {
    /// Why a call failed, for logs and the outbox's last error: the platform's error name, or for a
    /// transient failure what went wrong (`transient: timeout`, `transient: http_503`,
    /// `transient: connect_failed`), where `code` keeps one label per kind for metrics.
    public var reason: String {
        switch self {
        case .transient(let cause, _): "transient: \(cause)"
        default: code
        }
    }
}
