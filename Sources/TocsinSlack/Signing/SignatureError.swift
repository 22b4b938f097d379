/// Why a request that claims to come from Slack was rejected (answer HTTP 401).
public enum SignatureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `X-Slack-Signature` or `X-Slack-Request-Timestamp` is absent, or the timestamp is not a number.
    case missingHeaders
    /// The timestamp is more than five minutes away from now: a replay or a badly wrong clock.
    case staleTimestamp
    /// The signature is well-formed but does not match the body: wrong secret or tampered body.
    case badSignature
    /// The signature is not `v0=` followed by 64 hex digits.
    case malformedSignature

    public var description: String {
        switch self {
        case .missingHeaders: "missing or unreadable X-Slack-Signature / X-Slack-Request-Timestamp header"
        case .staleTimestamp: "X-Slack-Request-Timestamp is more than 300 s from now"
        case .badSignature: "X-Slack-Signature does not match the request body"
        case .malformedSignature: "X-Slack-Signature is not v0= followed by 64 hex digits"
        }
    }

    /// One sentence for whoever sent the request.
    public var userMessage: String {
        "This request could not be verified as coming from Slack."
    }

    /// A short code for logs and metric labels.
    public var code: String {
        switch self {
        case .missingHeaders: "missing_headers"
        case .staleTimestamp: "stale_timestamp"
        case .badSignature: "bad_signature"
        case .malformedSignature: "malformed_signature"
        }
    }
}
