import Foundation
import TocsinSandbox

/// A slash command as Slack sends it: the form body and the signing headers (``SlashCommandForm`` signed by
/// ``RequestSigning``, shared with the sandbox and the tests), ready to POST to `/slack/commands`.
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
        let body = SlashCommandForm(text: text, userID: user, userName: "bench", channelID: channel, triggerID: triggerID).encoded
        self.body = body
        self.timestamp = timestamp
        self.signature = RequestSigning.signature(secret: secret, timestamp: timestamp, body: body)
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
}
