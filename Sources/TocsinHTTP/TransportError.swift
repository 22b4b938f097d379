import TocsinApp

/// Why an HTTP exchange through libcurl did not produce a response, and what that means for the request:
/// whether it can have reached the server (``outcome``) and whether trying again can help (``isPermanent``).
///
/// Shaped like async-http-client's `HTTPClientError`: a private code and static members, so callers decide on
/// what a failure means, never on its code; ``code`` is for logs and metric labels.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: Equatable, Sendable {
        case insecureURL, invalidURL, setupFailed(Int), couldNotConnect, connectionLost, timedOut, curl(Int)
    }

    private let kind: Code
    /// libcurl's message or the refused URL, for logs.
    public let detail: String

    private init(_ kind: Code, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// Plain `http://` to a host that is not loopback; refused before any I/O.
    public static func insecureURL(_ url: String) -> TransportError { TransportError(.insecureURL, url) }
    /// The URL could not be parsed or has no host; refused before any I/O.
    public static func invalidURL(_ url: String) -> TransportError { TransportError(.invalidURL, url) }
    /// libcurl could not be initialised or set up for the request; nothing was sent.
    static func setupFailed(code: Int, _ message: String) -> TransportError { TransportError(.setupFailed(code), message) }
    /// Name resolution, the TCP connect or the TLS handshake failed: the request was never sent.
    static func couldNotConnect(_ message: String) -> TransportError { TransportError(.couldNotConnect, message) }
    /// The connection failed while the request or the answer was on the wire (reset, closed, empty answer).
    static func connectionLost(_ message: String) -> TransportError { TransportError(.connectionLost, message) }
    /// The connect or total timeout expired.
    static func timedOut(_ message: String) -> TransportError { TransportError(.timedOut, message) }
    /// Any other libcurl failure during the exchange, with its code.
    static func curl(code: Int, _ message: String) -> TransportError { TransportError(.curl(code), message) }

    /// What the request did on the server, as far as the client can tell.
    ///
    /// A timeout counts as "may still land" even when it expired while connecting: libcurl reports both with one
    /// code, and assuming the request went out costs only a look for it before the next attempt.
    public var outcome: CallOutcome {
        switch kind {
        case .insecureURL, .invalidURL, .setupFailed, .couldNotConnect: .noEffect
        case .connectionLost, .curl: .unknown
        case .timedOut: .mayStillLand
        }
    }

    /// Whether trying again cannot help: the URL itself is refused.
    public var isPermanent: Bool {
        switch kind {
        case .insecureURL, .invalidURL: true
        case .setupFailed, .couldNotConnect, .connectionLost, .timedOut, .curl: false
        }
    }

    /// A short code without associated values, for logs and metric labels.
    public var code: String {
        switch kind {
        case .insecureURL: "insecure_url"
        case .invalidURL: "invalid_url"
        case .setupFailed: "curl_setup_failed"
        case .couldNotConnect: "connect_failed"
        case .connectionLost: "connection_lost"
        case .timedOut: "timeout"
        case .curl: "curl_error"
        }
    }

    public var description: String {
        switch kind {
        case .insecureURL: "refusing plain HTTP to a non-loopback host: \(detail)"
        case .invalidURL: "invalid URL: \(detail)"
        case .setupFailed(let code): "libcurl set-up failed (\(code)): \(detail)"
        case .couldNotConnect: "could not connect: \(detail)"
        case .connectionLost: "connection lost: \(detail)"
        case .timedOut: "request timed out: \(detail)"
        case .curl(let code): "libcurl error \(code): \(detail)"
        }
    }

    /// This failure as an adapter's error (`ChatError`, `TrackerError`): the one reading of a transport failure
    /// that every adapter shares. A refused URL is permanent; anything on the network is worth retrying, with
    /// its ``outcome``.
    public func adapterError<Failure: TransientOrPermanentError>(as _: Failure.Type = Failure.self) -> Failure {
        isPermanent ? .permanent(code) : .transient(code, outcome: outcome)
    }
}
