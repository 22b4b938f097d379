import Foundation

/// Mints Slack-shaped ids: a type letter (`C` channel, `Bk` bookmark, …) and ten uppercase alphanumerics.
struct IdentifierSource {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    private var issued: Set<String> = []
    private var generator = SystemRandomNumberGenerator()

    mutating func make(prefix: String, length: Int = 10) -> String {
        while true {
            let body = String((0..<length).map { _ in Self.alphabet.randomElement(using: &generator)! })
            let id = prefix + body
            if issued.insert(id).inserted { return id }
        }
    }

    /// Lower-case hex, for trigger ids and response-url paths.
    mutating func hex(length: Int) -> String {
        String((0..<length).map { _ in Array("0123456789abcdef").randomElement(using: &generator)! })
    }
}

/// Issues message timestamps the way Slack writes them (`"1700000000.000100"`): from the wall clock,
/// strictly increasing across the workspace, so also unique and increasing within each channel.
struct TimestampClock {
    private var lastMicros: Int64 = 0

    mutating func next(now: Date = Date()) -> String {
        let micros = max(Int64((now.timeIntervalSince1970 * 1_000_000).rounded(.down)), lastMicros + 1)
        lastMicros = micros
        return Self.format(micros: micros)
    }

    static func format(micros: Int64) -> String {
        let fraction = String(micros % 1_000_000)
        return "\(micros / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    /// Parses `"1700000000.000100"` (or a bare `"1700000000"`) to microseconds; nil if it is not a timestamp.
    /// Slack's seconds have at most ten digits; more (`"99999999999999999999"`) is not a timestamp, and
    /// would overflow the microseconds.
    static func micros(_ text: String) -> Int64? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts[0].count <= 10, parts[0].allSatisfy(\.isASCII), let seconds = Int64(parts[0]), seconds >= 0 else { return nil }
        guard parts.count == 2 else { return seconds * 1_000_000 }
        let digits = parts[1]
        guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy(\.isASCII), let fraction = Int64(digits) else {
            return nil
        }
        return seconds * 1_000_000 + fraction * Int64(pow(10, Double(6 - digits.count)))
    }
}
