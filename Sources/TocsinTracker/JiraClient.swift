import Foundation
import Logging
import TocsinApp
import TocsinHTTP

/// Jira's REST API (v2) as an `IssueTracker`, over the libcurl transport.
///
/// Issues are created in one project with a label per action item, so a creation interrupted by a
/// crash can be found again (`labels = "tocsin-action-12"`) instead of filed twice. Jira Cloud takes
/// `user` (an e-mail) with an API token as basic auth; Jira Server/Data Center a personal token as bearer.
public struct JiraClient: IssueTracker {
    let baseURL: String
    let projectKey: String
    let issueType: String
    let authorization: String
    let transport: HTTPTransport
    let logger: Logger

    public init(baseURL: String, projectKey: String, issueType: String, token: String, user: String?, requestTimeout: Double = 20, logger: Logger) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.projectKey = projectKey
        self.issueType = issueType
        if let user {
            authorization = "Basic " + Data("\(user):\(token)".utf8).base64EncodedString()
        } else {
            authorization = "Bearer \(token)"
        }
        self.transport = HTTPTransport(connectTimeout: 5, requestTimeout: requestTimeout)
        self.logger = logger
    }

    public func createIssue(_ issue: TrackerIssue) async throws(TrackerError) -> String {
        let body: [String: Any] = ["fields": [
            "project": ["key": projectKey], "summary": String(issue.summary.prefix(250)), "description": issue.description,
            "issuetype": ["name": issueType], "labels": [issue.marker],
        ]]
        let bytes = Array((try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data())
        let response = try await send(HTTPRequest(method: .post, url: baseURL + "/rest/api/2/issue", headers: headers(json: true), body: bytes))
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any], let key = object["key"] as? String else {
            throw .transient("invalid_response")
        }
        logger.info("filed a tracker issue", metadata: ["key": "\(key)", "marker": "\(issue.marker)"])
        return key
    }

    public func findIssue(marker: String) async throws(TrackerError) -> String? {
        var components = URLComponents(string: baseURL + "/rest/api/2/search")
        components?.queryItems = [
            URLQueryItem(name: "jql", value: "project = \"\(projectKey)\" AND labels = \"\(marker)\""),
            URLQueryItem(name: "fields", value: "key"), URLQueryItem(name: "maxResults", value: "1"),
        ]
        guard let url = components?.url?.absoluteString else { throw .permanent("invalid_url") }
        let response = try await send(HTTPRequest(method: .get, url: url, headers: headers(json: false)))
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
              let issues = object["issues"] as? [[String: Any]] else { throw .transient("invalid_response") }
        return issues.first?["key"] as? String
    }

    private func headers(json: Bool) -> [(name: String, value: String)] {
        var headers = [(name: "Authorization", value: authorization), (name: "Accept", value: "application/json")]
        if json { headers.append((name: "Content-Type", value: "application/json")) }
        return headers
    }

    /// Sends a request; 2xx comes back, everything else is a typed error.
    private func send(_ request: HTTPRequest) async throws(TrackerError) -> HTTPResponse {
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch {
            throw error.adapterError(as: TrackerError.self)
        }
        switch response.status {
        case 200..<300: return response
        case 429: throw .transient("http_429", outcome: .noEffect)
        case 500...599: throw .transient("http_\(response.status)", outcome: .unknown)
        default: throw .permanent("http_\(response.status)")
        }
    }
}

/// Described without the credentials it sends.
extension JiraClient: CustomStringConvertible {
    public var description: String { "JiraClient(\(baseURL), project \(projectKey), credentials redacted)" }
}
