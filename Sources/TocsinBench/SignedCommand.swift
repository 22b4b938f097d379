import Crypto
import Foundation

/// A slash command as Slack sends it: the form body and the signing headers (v0 HMAC-SHA256 over
/// `v0:{timestamp}:{body}`), ready to POST to `/slack/commands`.
struct SignedCommand: Sendable {
    /// The secret every benchmark's bot is started with.
    static let benchSecret = "5e1f7c0a9b3d4e6f8a2c4b6d8e0f1a3c"

    var body: String
    var timestamp: Int
    var signature: String

    /// Signs `/incident <text>` typed by `user` in `channel`, at `timestamp` (now unless given).
    ///
    /// Slack gives every invocation its own `trigger_id` and Tocsin declares nothing twice for one, so each
    /// command gets a fresh one unless told otherwise. It is the body's last field.
    init(
        text: String, user: String = "U01PAYLEAD", channel: String = "C0GENERAL", triggerID: String = Self.uniqueTriggerID(),
        secret: String = Self.benchSecret, timestamp: Int = Int(Date().timeIntervalSince1970)
    ) {
        var form = URLComponents()
        form.queryItems = [
            .init(name: "token", value: "legacy"), .init(name: "team_id", value: "T0SANDBOX"),
            .init(name: "team_domain", value: "tocsin-sandbox"), .init(name: "channel_id", value: channel),
            .init(name: "channel_name", value: "general"), .init(name: "user_id", value: user),
            .init(name: "user_name", value: "bench"), .init(name: "command", value: "/incident"),
            .init(name: "text", value: text), .init(name: "api_app_id", value: "A0TOCSIN"),
            .init(name: "is_enterprise_install", value: "false"),
            .init(name: "response_url", value: "https://hooks.slack.com/commands/T0SANDBOX/1/abc"),
            .init(name: "trigger_id", value: triggerID),
        ]
        // Slack encodes the form strictly; `+` must not stand for a space and `/` is escaped too.
        let body = (form.percentEncodedQuery ?? "")
            .replacingOccurrences(of: "/", with: "%2F")
            .replacingOccurrences(of: "+", with: "%2B")
        self.body = body
        self.timestamp = timestamp
        self.signature = Self.signature(secret: secret, timestamp: timestamp, body: body)
    }

    var headers: [(String, String)] {
        [
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("X-Slack-Request-Timestamp", String(timestamp)),
            ("X-Slack-Signature", signature),
        ]
    }

    /// A trigger id shaped like Slack's (`13345224609.738474920.8088930838d88f008e0`), unique to this call.
    static func uniqueTriggerID() -> String {
        let hex = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(19)
        return "\(Int.random(in: 1_000_000_000...99_999_999_999)).\(Int.random(in: 100_000_000...999_999_999)).\(hex)"
    }

    static func signature(secret: String, timestamp: Int, body: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("v0:\(timestamp):\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8))
        )
        var hex = "v0="
        hex.reserveCapacity(67)
        for byte in mac {
            hex.unicodeScalars.append(hexDigits[Int(byte >> 4)])
            hex.unicodeScalars.append(hexDigits[Int(byte & 0xF)])
        }
        return hex
    }

    private static let hexDigits = Array("0123456789abcdef".unicodeScalars)
}
