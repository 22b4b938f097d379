import Foundation
import Hummingbird
import Logging

/// A Jira REST API (v2) stand-in on loopback: creates issues, searches them by label, and can be
/// switched into an outage that answers 503.
actor FakeJira {
    struct Issue: Sendable {
        var key: String
        var summary: String
        var labels: [String]
    }

    private(set) var issues: [Issue] = []
    private(set) var requests = 0
    private var outage = false
    let token: String

    init(token: String) {
        self.token = token
    }

    func setOutage(_ on: Bool) { outage = on }

    func handle(method: String, path: String, query: String, authorization: String?, body: Data) -> (Int, String) {
        requests += 1
        guard authorization == "Bearer \(token)" else { return (401, #"{"errorMessages":["unauthorized"]}"#) }
        if outage { return (503, "<html>Service Unavailable</html>") }
        switch (method, path) {
        case ("POST", "/rest/api/2/issue"):
            guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any], let fields = object["fields"] as? [String: Any],
                  let summary = fields["summary"] as? String, (fields["project"] as? [String: Any])?["key"] as? String == "OPS"
            else { return (400, #"{"errors":{"project":"required"}}"#) }
            let key = "OPS-\(issues.count + 100)"
            issues.append(Issue(key: key, summary: summary, labels: fields["labels"] as? [String] ?? []))
            return (201, #"{"id":"1\#(issues.count)","key":"\#(key)","self":"http://jira/rest/api/2/issue/\#(key)"}"#)
        case ("GET", "/rest/api/2/search"):
            let jql = URLComponents(string: "http://x/?" + query)?.queryItems?.first { $0.name == "jql" }?.value ?? ""
            let matches = issues.filter { issue in issue.labels.contains { jql.contains("labels = \"\($0)\"") } }
            let list = matches.map { #"{"key":"\#($0.key)"}"# }.joined(separator: ",")
            return (200, #"{"startAt":0,"maxResults":1,"total":\#(matches.count),"issues":[\#(list)]}"#)
        default:
            return (404, #"{"errorMessages":["not found"]}"#)
        }
    }

    /// Serves the fake on a free loopback port while `body` runs.
    func serve<T: Sendable>(_ body: @Sendable (Int) async throws -> T) async throws -> T {
        let router = Router()
        let jira = self
        router.on("/rest/api/2/issue", method: .post) { request, _ in try await Self.respond(jira, request) }
        router.on("/rest/api/2/search", method: .get) { request, _ in try await Self.respond(jira, request) }
        return try await LoopbackFakeServer.serve(router, label: "fake-jira", body)
    }

    private static func respond(_ jira: FakeJira, _ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        let (status, text) = await jira.handle(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
            authorization: request.headers[.authorization], body: Data(buffer: body)
        )
        return Response(status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
