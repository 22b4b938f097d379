import Foundation
import TocsinSandbox
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension BotProcess {
    /// A body signed as Slack signs it, POSTed to the child; its status and body.
    func signedPost(_ path: String, body: String, contentType: String, secret: String = Harness.signingSecret) async throws -> (status: Int, body: String) {
        let timestamp = Int(Date().timeIntervalSince1970)
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else { throw BotProcessError.exited("bad path \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        request.setValue(String(timestamp), forHTTPHeaderField: "X-Slack-Request-Timestamp")
        request.setValue(RequestSigning.signature(secret: secret, timestamp: timestamp, body: body), forHTTPHeaderField: "X-Slack-Signature")
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// A slash command typed by `user` in `channel`; the text of the bot's answer.
    func commandReply(_ text: String, user: String = "U05EXEC", channel: String) async throws -> String {
        let body = BotClient.commandForm(text, user: user, channel: channel, triggerID: "\(Int.random(in: 1000...9999)).\(UUID().uuidString.prefix(8).lowercased())")
        let (_, reply) = try await signedPost("/slack/commands", body: body, contentType: "application/x-www-form-urlencoded")
        let json = (try? JSONSerialization.jsonObject(with: Data(reply.utf8))) as? [String: Any]
        return json?["text"] as? String ?? reply
    }
}
