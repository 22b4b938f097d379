/// Why an inbound Slack body (slash command, event, interaction) could not be decoded.
public enum PayloadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A field Tocsin needs is absent (its wire name).
    case missingField(String)
    /// The body is not the JSON or form encoding it should be.
    case malformed(String)
    /// An envelope `type` this decoder does not know.
    case unsupportedType(String)

    public var description: String {
        switch self {
        case .missingField(let name): "payload is missing the field \(name)"
        case .malformed(let reason): "payload is malformed: \(reason)"
        case .unsupportedType(let type): "payload type \(type) is not supported"
        }
    }

    /// One sentence for the person whose action produced the payload.
    public var userMessage: String {
        "Tocsin could not read that request from Slack; please try again."
    }

    /// A short code for logs and metric labels.
    public var code: String {
        switch self {
        case .missingField: "missing_field"
        case .malformed: "malformed"
        case .unsupportedType: "unsupported_type"
        }
    }
}
