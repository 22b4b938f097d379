import Foundation
import Hummingbird
import Logging

/// PagerDuty's Events API v2 and Opsgenie's Alert API stand-in on loopback, checking the documented request shapes:
/// PagerDuty `POST /v2/enqueue` (`routing_key`, `event_action`, `dedup_key` ≤ 255, a trigger's `payload` with
/// `summary` ≤ 1,024, `source` and `severity` one of critical|error|warning|info; answered 202 with the dedup key, or
/// 400 "invalid event"); Opsgenie `POST /v2/alerts` (`Authorization: GenieKey …`, `message` ≤ 130) and
/// `POST /v2/alerts/{alias}/close?identifierType=alias`, answered 202. An outage answers 503 to that many requests.
actor FakePager {
    /// An accepted event: which API, the action, its JSON body.
    struct Event: @unchecked Sendable {
        var api: String
        var action: String
        var dedupKey: String
        var body: [String: Any]
    }

    private(set) var accepted: [Event] = []
    private(set) var refusedByOutage = 0
    private(set) var invalid: [String] = []
    private var outageLeft = 0
    let routingKey: String
    let genieKey: String

    init(routingKey: String, genieKey: String) {
        self.routingKey = routingKey
        self.genieKey = genieKey
    }

    /// The next `count` requests are answered 503.
    func failNext(_ count: Int) { outageLeft = count }

    func handle(path: String, query: String, authorization: String?, body: Data) -> (Int, String) {
        if outageLeft > 0 {
            outageLeft -= 1
            refusedByOutage += 1
            return (503, "<html>Service Unavailable</html>")
        }
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        if path == "/v2/enqueue" { return pagerDuty(object) }
        guard authorization == "GenieKey \(genieKey)" else { return (401, #"{"message":"Could not authenticate","took":0.0}"#) }
        if path == "/v2/alerts" {
            guard let object, let message = object["message"] as? String, !message.isEmpty, message.count <= 130,
                  let alias = object["alias"] as? String, alias.count <= 512 else { return refuse("opsgenie create: message/alias") }
            accepted.append(Event(api: "opsgenie", action: "create", dedupKey: alias, body: object))
            return (202, #"{"result":"Request will be processed","took":0.107,"requestId":"\#(UUID().uuidString)"}"#)
        }
        let parts = path.split(separator: "/")
        if parts.count == 4, parts[0] == "v2", parts[1] == "alerts", parts[3] == "close", query.contains("identifierType=alias") {
            accepted.append(Event(api: "opsgenie", action: "close", dedupKey: String(parts[2]).removingPercentEncoding ?? "", body: object ?? [:]))
            return (202, #"{"result":"Request will be processed","took":0.204,"requestId":"\#(UUID().uuidString)"}"#)
        }
        return (404, #"{"message":"not found"}"#)
    }

    private func pagerDuty(_ object: [String: Any]?) -> (Int, String) {
        guard let object, object["routing_key"] as? String == routingKey else { return refuse("routing_key") }
        guard let action = object["event_action"] as? String, ["trigger", "acknowledge", "resolve"].contains(action) else { return refuse("event_action") }
        guard let dedupKey = object["dedup_key"] as? String, !dedupKey.isEmpty, dedupKey.count <= 255 else { return refuse("dedup_key") }
        if action == "trigger" {
            guard let payload = object["payload"] as? [String: Any], let summary = payload["summary"] as? String, !summary.isEmpty, summary.count <= 1024,
                  let source = payload["source"] as? String, !source.isEmpty,
                  let severity = payload["severity"] as? String, ["critical", "error", "warning", "info"].contains(severity)
            else { return refuse("payload") }
            for link in object["links"] as? [[String: Any]] ?? [] where link["href"] as? String == nil {
                return refuse("links")
            }
        }
        accepted.append(Event(api: "pagerduty", action: action, dedupKey: dedupKey, body: object))
        return (202, #"{"status":"success","message":"Event processed","dedup_key":"\#(dedupKey)"}"#)
    }

    private func refuse(_ what: String) -> (Int, String) {
        invalid.append(what)
        return (400, #"{"status":"invalid event","message":"Event object is invalid","errors":["\#(what) is invalid"]}"#)
    }

    /// Serves the fake on a free loopback port while `body` runs.
    func serve<T: Sendable>(_ body: @Sendable (Int) async throws -> T) async throws -> T {
        let router = Router()
        let pager = self
        router.post("/v2/enqueue") { request, _ in try await Self.respond(pager, request) }
        router.post("/v2/alerts") { request, _ in try await Self.respond(pager, request) }
        router.post("/v2/alerts/:alias/close") { request, _ in try await Self.respond(pager, request) }
        return try await LoopbackFakeServer.serve(router, label: "fake-pager", body)
    }

    private static func respond(_ pager: FakePager, _ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        let (status, text) = await pager.handle(
            path: request.uri.path, query: request.uri.query ?? "", authorization: request.headers[.authorization], body: Data(buffer: body)
        )
        return Response(status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
