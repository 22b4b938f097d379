/// Slack's message timestamps (`ts`, `thread_ts`, `deleted_ts`, …): Unix seconds, a dot and six digits of
/// microseconds, e.g. `"1700000000.000100"`; they are message ids as much as times.
///
/// An event field that should hold one and holds anything else (`nan`, `inf`, `1e300`, twenty digits, an
/// empty string) is read as absent, like any field of an unexpected shape: Slack never sends such a value,
/// and one that got through would become a date nothing can store or read back. A message event without
/// its `ts` is then not a message the bot keeps, so it is acknowledged (200) and otherwise ignored.
enum SlackTimestamp {
    /// Whether `text` matches `^[0-9]{1,10}\.[0-9]{6}$`.
    static func isValid(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")) else { return false }
        let seconds = bytes[..<dot]
        let fraction = bytes[bytes.index(after: dot)...]
        return (1...10).contains(seconds.count) && fraction.count == 6
            && seconds.allSatisfy(isDigit) && fraction.allSatisfy(isDigit)
    }

    /// `event_time`: whole Unix seconds, at most ten digits (as every Slack ts).
    static func isValidEventTime(_ seconds: Double) -> Bool {
        seconds.isFinite && seconds >= 0 && seconds < 10_000_000_000
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}

extension KeyedDecodingContainer {
    /// A Slack message timestamp field; a value that is not one reads as absent.
    func timestamp(_ key: Key) -> String? {
        lenient(String.self, key).flatMap { SlackTimestamp.isValid($0) ? $0 : nil }
    }
}
