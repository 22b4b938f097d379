/// A Slack error code (`{"ok":false,"error":code}`), with any extra members Slack sends beside it.
struct SlackError: Error {
    var code: String
    var extra: [JSON.Member] = []

    init(_ code: String, extra: [JSON.Member] = []) {
        self.code = code
        self.extra = extra
    }

    /// `invalid_arguments` naming the missing field, as Slack's argument checker phrases it.
    static func missingArgument(_ name: String) -> SlackError {
        SlackError(
            "invalid_arguments",
            extra: [.init(key: "response_metadata", value: ["messages": [.string("[ERROR] missing required field: \(name)")]])]
        )
    }
}

/// How one Web API call is answered, before it becomes an HTTP response.
struct WebAPIAnswer: Sendable {
    enum Body: Sendable {
        case json(JSON)
        case html(String)
    }

    var status: Int
    var body: Body
    var retryAfter: Int?
    /// The `error` code answered, recorded in the call log.
    var error: String?

    /// `{"ok":true, …members}`.
    static func success(_ members: JSON) -> WebAPIAnswer {
        var body: JSON = ["ok": true]
        if case .object(let list) = members {
            for member in list { body.set(member.key, member.value) }
        }
        return WebAPIAnswer(status: 200, body: .json(body), error: nil)
    }

    static func failure(_ error: SlackError, status: Int = 200) -> WebAPIAnswer {
        var body: JSON = ["ok": false, "error": .string(error.code)]
        for member in error.extra { body.set(member.key, member.value) }
        return WebAPIAnswer(status: status, body: .json(body), error: error.code)
    }

    static func rateLimited(retryAfter: Int) -> WebAPIAnswer {
        var answer = failure(SlackError("ratelimited"), status: 429)
        answer.retryAfter = retryAfter
        return answer
    }

    /// A 5xx as Slack's edge serves it during an outage: an HTML page, not JSON (FACTS §5).
    static func serverError(status: Int) -> WebAPIAnswer {
        let html = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Server Error | Slack</title></head>
            <body><h1>Server Error</h1><p>It seems like there’s a problem connecting to our servers. \
            Please try again in a moment.</p><p>Error \(status)</p></body>
            </html>
            """
        return WebAPIAnswer(status: status, body: .html(html), error: nil)
    }
}
