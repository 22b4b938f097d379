import Crypto
import Foundation

/// Signs requests the way Slack signs what it sends to an app: `X-Slack-Signature: v0=<hex HMAC-SHA256>` over
/// `v0:{timestamp}:{raw body}` with the signing secret, plus `X-Slack-Request-Timestamp` (FACTS §1).
///
/// The one signer of everything that plays Slack towards the bot: the sandbox's console, the benchmarks and the
/// end-to-end tests. It shares no code with TocsinSlack's verifier, so a test signs independently of what it tests.
public enum RequestSigning {
    /// The `X-Slack-Signature` value for `body` signed at `timestamp` (Unix seconds).
    public static func signature(secret: String, timestamp: Int, body: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(
            for: Data("v0:\(timestamp):\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8))
        )
        var signature = "v0="
        signature.reserveCapacity(67)
        for byte in code {
            signature.unicodeScalars.append(hexDigits[Int(byte >> 4)])
            signature.unicodeScalars.append(hexDigits[Int(byte & 0xF)])
        }
        return signature
    }

    private static let hexDigits = Array("0123456789abcdef".unicodeScalars)

    /// The two headers for `body` signed now, or none when there is no secret.
    public static func headers(secret: String?, body: String, now: Date = Date()) -> [String: String] {
        guard let secret else { return [:] }
        let timestamp = Int(now.timeIntervalSince1970)
        return [
            "X-Slack-Request-Timestamp": String(timestamp),
            "X-Slack-Signature": signature(secret: secret, timestamp: timestamp, body: body),
        ]
    }
}
