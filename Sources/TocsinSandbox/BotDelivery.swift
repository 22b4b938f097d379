import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Posts a signed body to the bot the way Slack delivers slash commands, interactions (forms) and events
/// (JSON), giving up after Slack's 3-second limit.
struct BotDelivery: Sendable {
    /// Slack shows the user a timeout when the app has not answered within 3 s (FACTS §2).
    static let timeout: TimeInterval = 3

    struct Reply: Sendable {
        var status: Int
        var contentType: String
        var body: String
    }

    enum Failure: Error, Sendable {
        /// No answer within the time limit; Slack calls this `operation_timeout`.
        case timedOut
        case unreachable(String)
    }

    let signingSecret: String?

    func post(form body: String, to url: URL) async -> Result<Reply, Failure> {
        await post(body, contentType: "application/x-www-form-urlencoded", to: url)
    }

    /// - Parameter signed: false for what Slack sends unsigned (the `ssl_check` of a command URL).
    func post(_ body: String, contentType: String, to url: URL, signed: Bool = true) async -> Result<Reply, Failure> {
        var request = URLRequest(url: url, timeoutInterval: Self.timeout)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        request.setValue("Slackbot 1.0 (+https://api.slack.com/robots)", forHTTPHeaderField: "User-Agent")
        // A fresh connection each time: a pooled one may belong to a bot that has since stopped
        // (and a new one on the same port then sees "broken pipe").
        request.setValue("close", forHTTPHeaderField: "Connection")
        for (name, value) in RequestSigning.headers(secret: signed ? signingSecret : nil, body: body) {
            request.setValue(value, forHTTPHeaderField: name)
        }
        let finished = request
        return await withCheckedContinuation { continuation in
            // The completion-handler form, not `data(for:)`: the async form cancels the URLSession task when the
            // Swift task is cancelled (at shutdown), and swift-corelibs-foundation can then crash the process
            // ("Trying to access a behaviour for a task that in not in the registry"). The request ends by
            // itself within the timeout instead.
            let session = URLSession(configuration: .ephemeral)
            let task = session.dataTask(with: finished) { data, response, error in
                continuation.resume(returning: Self.outcome(data: data, response: response, error: error))
            }
            task.resume()
            session.finishTasksAndInvalidate()
        }
    }

    private static func outcome(data: Data?, response: URLResponse?, error: (any Error)?) -> Result<Reply, Failure> {
        if let error {
            if let error = error as? URLError, error.code == .timedOut { return .failure(.timedOut) }
            return .failure(.unreachable(String(describing: error)))
        }
        let http = response as? HTTPURLResponse
        return .success(
            Reply(
                status: http?.statusCode ?? 0,
                contentType: http?.value(forHTTPHeaderField: "Content-Type") ?? "",
                body: String(decoding: data ?? Data(), as: UTF8.self)
            )
        )
    }
}
