/// Why an HTTP exchange through libcurl did not produce a response.
///
/// The Slack and tracker clients turn these into their own errors: a refused URL is permanent,
/// everything that happened on the network is worth retrying.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Plain `http://` to a host that is not loopback; refused before any I/O.
    case insecureURL(String)
    /// The URL could not be parsed or has no host.
    case invalidURL(String)
    /// The connect or total timeout expired.
    case timedOut(String)
    /// Name resolution or the TCP/TLS connect failed (refused, unreachable, …).
    case connectionFailed(String)
    /// Any other libcurl failure, with its code and message.
    case curl(code: Int, message: String)

    public var description: String {
        switch self {
        case .insecureURL(let url): "refusing plain HTTP to a non-loopback host: \(url)"
        case .invalidURL(let url): "invalid URL: \(url)"
        case .timedOut(let message): "request timed out: \(message)"
        case .connectionFailed(let message): "connection failed: \(message)"
        case .curl(let code, let message): "libcurl error \(code): \(message)"
        }
    }

    /// A short code without associated values, for logs and metric labels.
    public var code: String {
        switch self {
        case .insecureURL: "insecure_url"
        case .invalidURL: "invalid_url"
        case .timedOut: "timeout"
        case .connectionFailed: "connect_failed"
        case .curl: "curl_error"
        }
    }
}
