import Crypto
import Foundation

/// Checks that a request really comes from Slack, before its body is decoded.
///
/// Slack signs every request with the app's signing secret: `X-Slack-Signature` is
/// `v0=` + hex HMAC-SHA256 of `v0:{X-Slack-Request-Timestamp}:{raw body}`. The MAC is
/// compared in constant time (every byte, whatever the first difference: `constantTimeEqual`), and
/// timestamps more than 300 s from now either way are refused so a captured request cannot be replayed.
public struct SlackRequestVerifier: Sendable {
    /// The header carrying `v0=<hex>`.
    public static let signatureHeader = "X-Slack-Signature"
    /// The header carrying the Unix time the request was signed.
    public static let timestampHeader = "X-Slack-Request-Timestamp"
    /// Slack's replay window, in seconds.
    public static let maxClockSkew: Double = 300

    private static let version: [UInt8] = Array("v0:".utf8)
    private static let separator: [UInt8] = [UInt8(ascii: ":")]

    private let key: SymmetricKey
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - signingSecret: the app's signing secret (`SLACK_SIGNING_SECRET`).
    ///   - now: the clock, injectable for tests.
    public init(signingSecret: String, now: @escaping @Sendable () -> Date = Date.init) {
        self.key = SymmetricKey(data: Array(signingSecret.utf8))
        self.now = now
    }

    /// Verifies the raw body against the two headers' values (pass `nil` for an absent header).
    public func verify(body: [UInt8], timestamp: String?, signature: String?) throws(SignatureError) {
        guard let timestamp, let signature, let seconds = Self.parseTimestamp(timestamp) else { throw .missingHeaders }
        guard let mac = Self.parseSignature(signature) else { throw .malformedSignature }
        guard abs(now().timeIntervalSince1970 - Double(seconds)) <= Self.maxClockSkew else { throw .staleTimestamp }
        guard Self.constantTimeEqual(mac, authenticationCode(body: body, timestamp: Self.trimmed(timestamp))) else { throw .badSignature }
    }

    /// Checks the two headers alone, before the body is read: both present, the timestamp numeric and
    /// within the replay window, the signature well formed. ``verify(body:timestamp:signature:)`` still checks the MAC.
    public func checkHeaders(timestamp: String?, signature: String?) throws(SignatureError) {
        guard let timestamp, let signature, let seconds = Self.parseTimestamp(timestamp) else { throw .missingHeaders }
        guard Self.parseSignature(signature) != nil else { throw .malformedSignature }
        guard abs(now().timeIntervalSince1970 - Double(seconds)) <= Self.maxClockSkew else { throw .staleTimestamp }
    }

    /// Verifies a body given as a string (its UTF-8 bytes are what was signed).
    public func verify(body: String, timestamp: String?, signature: String?) throws(SignatureError) {
        try verify(body: Array(body.utf8), timestamp: timestamp, signature: signature)
    }

    /// The `X-Slack-Signature` value Slack would send for this body and timestamp.
    public func sign(body: [UInt8], timestamp: String) -> String {
        "v0=" + Hex.lowercase(authenticationCode(body: body, timestamp: timestamp))
    }

    /// The signature for a string body.
    public func sign(body: String, timestamp: String) -> String {
        sign(body: Array(body.utf8), timestamp: timestamp)
    }

    /// HMAC-SHA256 of `v0:{timestamp}:{body}`, fed in pieces rather than copied into one buffer.
    private func authenticationCode(body: [UInt8], timestamp: Substring.UTF8View) -> [UInt8] {
        var hmac = HMAC<SHA256>(key: key)
        hmac.update(data: Self.version)
        hmac.update(data: Array(timestamp))
        hmac.update(data: Self.separator)
        hmac.update(data: body)
        return Array(hmac.finalize())
    }

    private func authenticationCode(body: [UInt8], timestamp: String) -> [UInt8] {
        authenticationCode(body: body, timestamp: Substring(timestamp).utf8)
    }

    /// Every byte compared, whatever the first difference, so the time taken says nothing about the MAC.
    private static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    /// The header value without surrounding spaces or tabs.
    private static func trimmed(_ value: String) -> Substring.UTF8View {
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        let utf8 = Substring(value).utf8
        guard let first = utf8.firstIndex(where: { !isBlank($0) }), let last = utf8.lastIndex(where: { !isBlank($0) }) else {
            return Substring().utf8
        }
        return utf8[first...last]
    }

    /// Unix seconds: ASCII digits only (at most 12), spaces around allowed.
    private static func parseTimestamp(_ value: String) -> Int? {
        let digits = trimmed(value)
        guard !digits.isEmpty, digits.count <= 12 else { return nil }
        var seconds = 0
        for byte in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            seconds = seconds * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return seconds
    }

    /// `v0=` + 64 hex digits → the 32 MAC bytes.
    private static func parseSignature(_ signature: String) -> [UInt8]? {
        let value = trimmed(signature)
        guard value.count == 67, value.starts(with: "v0=".utf8) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var index = value.index(value.startIndex, offsetBy: 3)
        while index < value.endIndex {
            let next = value.index(after: index)
            guard let high = Hex.value(value[index]), let low = Hex.value(value[next]) else { return nil }
            bytes.append(high << 4 | low)
            index = value.index(after: next)
        }
        return bytes
    }
}

/// Described without the signing secret.
extension SlackRequestVerifier: CustomStringConvertible {
    public var description: String { "SlackRequestVerifier(signing secret redacted)" }
}
