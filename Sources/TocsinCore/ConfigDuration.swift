/// A duration written the way the configuration file writes it: `90s`, `15m`, `2h`.
public struct ConfigDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var seconds: Int

    public init(seconds: Int) {
        self.seconds = seconds
    }

    /// The longest duration a configuration may write: a year. Longer cadences and targets mean
    /// nothing for an incident, and bounding them keeps every date computed from them representable.
    public static let maximum = ConfigDuration(seconds: 365 * 86_400)

    /// Why a written duration was refused.
    public enum ParseError: Error, Sendable, Equatable {
        /// Not `<positive integer><s|m|h|d>`.
        case malformed
        /// Longer than ``ConfigDuration/maximum``.
        case tooLong
    }

    /// Parses `<positive integer><s|m|h|d>`, at most ``maximum``.
    public static func parse(_ text: String) -> Result<ConfigDuration, ParseError> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let unit = trimmed.last else { return .failure(.malformed) }
        let digits = trimmed.dropLast()
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .failure(.malformed) }
        let factor: Int
        switch unit {
        case "s": factor = 1
        case "m": factor = 60
        case "h": factor = 3600
        case "d": factor = 86_400
        default: return .failure(.malformed)
        }
        // More digits than any Int holds is too long, not malformed.
        guard let value = Int(digits) else { return .failure(.tooLong) }
        guard value > 0 else { return .failure(.malformed) }
        let (seconds, overflow) = value.multipliedReportingOverflow(by: factor)
        guard !overflow, seconds <= maximum.seconds else { return .failure(.tooLong) }
        return .success(ConfigDuration(seconds: seconds))
    }

    /// Parses `<positive integer><s|m|h|d>` up to a year; returns nil for anything else.
    public init?(parsing text: String) {
        guard case .success(let duration) = Self.parse(text) else { return nil }
        self = duration
    }

    /// The shortest exact spelling: `90s`, `15m`, `2h`.
    public var description: String {
        if seconds % 86_400 == 0 { return "\(seconds / 86_400)d" }
        if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }

    /// Words for people: "15 minutes", "1 hour", "90 seconds".
    public var spelledOut: String {
        func plural(_ n: Int, _ unit: String) -> String { n == 1 ? "1 \(unit)" : "\(n) \(unit)s" }
        if seconds % 86_400 == 0 { return plural(seconds / 86_400, "day") }
        if seconds % 3600 == 0 { return plural(seconds / 3600, "hour") }
        if seconds % 60 == 0 { return plural(seconds / 60, "minute") }
        return plural(seconds, "second")
    }

    public static func < (lhs: ConfigDuration, rhs: ConfigDuration) -> Bool { lhs.seconds < rhs.seconds }
}
