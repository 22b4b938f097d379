import Crypto
import Foundation

/// Checks that a request really comes from Slack, before its body is decoded.
///
/// Slack signs every request with the app's signing secret: `X-Slack-Signature` is
/// `v0=` + hex HMAC-SHA256 of `v0:{X-Slack-Request-Timestamp}:{raw body}`. The MAC is
/// compared in constant time (`HMAC.isValidAuthenticationCode`), and timestamps more than
/// 300 s from now either way are refused so a captured request cannot be replayed.
public struct SlackRequestVerifier: Sendable {
    /// The header carrying `v0=<hex>`.
    public static let signatureHeader = "X-Slack-Signature"
    /// The header carrying the Unix time the request was signed.
    public static let timestampHeader = "X-Slack-Request-Timestamp"
    /// Slack's replay window, in seconds.
    public static let maxClockSkew: Double = 300

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
        guard let timestamp, let signature,
              let seconds = Int(timestamp.trimmingCharacters(in: .whitespaces))
        else { throw .missingHeaders }
        guard let mac = Self.parseSignature(signature) else { throw .malformedSignature }
        guard abs(now().timeIntervalSince1970 - Double(seconds)) <= Self.maxClockSkew else { throw .staleTimestamp }
        let valid = HMAC<SHA256>.isValidAuthenticationCode(
            mac, authenticating: Self.baseString(body: body, timestamp: timestamp), using: key)
        guard valid else { throw .badSignature }
    }

    /// Verifies a body given as a string (its UTF-8 bytes are what was signed).
    public func verify(body: String, timestamp: String?, signature: String?) throws(SignatureError) {
        try verify(body: Array(body.utf8), timestamp: timestamp, signature: signature)
    }

    /// The `X-Slack-Signature` value Slack would send for this body and timestamp.
    public func sign(body: [UInt8], timestamp: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Self.baseString(body: body, timestamp: timestamp), using: key)
        return "v0=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// The signature for a string body.
    public func sign(body: String, timestamp: String) -> String {
        sign(body: Array(body.utf8), timestamp: timestamp)
    }

    private static func baseString(body: [UInt8], timestamp: String) -> [UInt8] {
        Array("v0:\(timestamp):".utf8) + body
    }

    /// `v0=` + 64 hex digits → the 32 MAC bytes.
    private static func parseSignature(_ signature: String) -> [UInt8]? {
        let value = signature.trimmingCharacters(in: .whitespaces)
        guard value.hasPrefix("v0=") else { return nil }
        let hex = Array(value.utf8.dropFirst(3))
        guard hex.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var index = 0
        while index < hex.count {
            guard let high = hexValue(hex[index]), let low = hexValue(hex[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
