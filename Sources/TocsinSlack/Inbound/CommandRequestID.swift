import Crypto
import TocsinApp

extension SlackInbound {
    /// The id that names a slash command across Slack's retries and any replay of it within the signing
    /// window: its `trigger_id` (Slack gives every invocation its own), or, for a command without one, a
    /// digest of the signed body and its timestamp (a replay repeats both byte for byte).
    public static func commandRequestID(triggerID: String?, formBody: [UInt8], timestamp: String?) -> String {
        if let triggerID, !triggerID.isEmpty { return "command:\(triggerID)" }
        var hash = SHA256()
        hash.update(data: Array("v0:\(timestamp ?? ""):".utf8))
        hash.update(data: formBody)
        return "command-body:" + Hex.lowercase(Array(hash.finalize()))
    }
}
