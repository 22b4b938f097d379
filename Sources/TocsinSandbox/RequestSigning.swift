import Crypto
import Foundation

/// Signs requests the way Slack signs what it sends to an app: `X-Slack-Signature: v0=<hex HMAC-SHA256>` over
/// `v0:{timestamp}:{raw body}` with the signing secret, plus `X-Slack-Request-Timestamp` (FACTS §1).
enum RequestSigning {
    static func signature(secret: String, timestamp: Int, body: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(
            for: Data("v0:\(timestamp):\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8))
        )
        return "v0=" + code.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }

    /// The two headers for `body` signed now, or none when there is no secret.
    static func headers(secret: String?, body: String, now: Date = Date()) -> [String: String] {
        guard let secret else { return [:] }
        let timestamp = Int(now.timeIntervalSince1970)
        return [
            "X-Slack-Request-Timestamp": String(timestamp),
            "X-Slack-Signature": signature(secret: secret, timestamp: timestamp, body: body),
        ]
    }
}
