import Foundation
import Logging
import TocsinApp
import TocsinCore
import TocsinHTTP

/// PagerDuty's Events API v2 and Opsgenie's Alert API as a ``Pager``, over the libcurl transport.
///
/// The keys are read from the environment once, by the names the configuration gives; they travel only in the
/// request (PagerDuty: `routing_key` in the body; Opsgenie: the `Authorization: GenieKey …` header) and never
/// reach a log line. The incident is the dedup key (PagerDuty `dedup_key`, Opsgenie `alias`), so a retried
/// trigger is one alert and the resolve (Opsgenie: close by alias) finds it.
public struct PagingClient: Pager {
    let settings: PagingSettings
    let secrets: [String: String]
    let transport: HTTPTransport
    let logger: Logger

    /// `environment` holds the keys, by the variable names the services' `pagerduty:` / `opsgenie:` settings give.
    public init(settings: PagingSettings, environment: [String: String], requestTimeout: Double = 15, logger: Logger) {
        self.settings = settings
        self.secrets = environment
        self.transport = HTTPTransport(connectTimeout: 5, requestTimeout: requestTimeout)
        self.logger = logger
    }

    public func send(_ event: PageEvent) async throws(PagerError) {
        guard let key = secrets[event.target.secretEnv], !key.isEmpty else {
            throw .permanent("missing_key")
        }
        let request: HTTPRequest
        switch event.target {
        case .pagerDuty:
            request = HTTPRequest(
                method: .post, url: settings.pagerDutyURL + "/v2/enqueue",
                headers: [(name: "Content-Type", value: "application/json"), (name: "Accept", value: "application/json")],
                body: Self.json(PagerDutyEvent.body(event, routingKey: key))
            )
        case .opsgenie:
            let headers = [
                (name: "Content-Type", value: "application/json"), (name: "Accept", value: "application/json"),
                (name: "Authorization", value: "GenieKey \(key)"),
            ]
            switch event.action {
            case .trigger:
                request = HTTPRequest(method: .post, url: settings.opsgenieURL + "/v2/alerts", headers: headers, body: Self.json(OpsgenieAlert.create(event)))
            case .resolve:
                var components = URLComponents(string: settings.opsgenieURL)
                components?.percentEncodedPath += "/v2/alerts/" + OpsgenieAlert.pathSegment(event.dedupKey) + "/close"
                components?.queryItems = [URLQueryItem(name: "identifierType", value: "alias")]
                guard let url = components?.url?.absoluteString else { throw .permanent("invalid_url") }
                request = HTTPRequest(method: .post, url: url, headers: headers, body: Self.json(OpsgenieAlert.close(event)))
            }
        }
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch {
            throw error.adapterError(as: PagerError.self)
        }
        switch response.status {
        case 200..<300:
            return
        case 429:
            throw .transient("http_429", outcome: .noEffect)
        case 500...599:
            throw .transient("http_\(response.status)", outcome: .unknown)
        default:
            // 400: the event was refused as malformed or the key is unknown; sending it again will not help.
            logger.warning("the on-call service refused a page", metadata: [
                "pager": "\(event.target.name)", "status": "\(response.status)", "key_env": "\(event.target.secretEnv)",
            ])
            throw .permanent("http_\(response.status)")
        }
    }

    static func json(_ object: [String: Any]) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }
}

/// Described without the keys it holds.
extension PagingClient: CustomStringConvertible {
    public var description: String { "PagingClient(\(settings.pagerDutyURL), \(settings.opsgenieURL), keys redacted)" }
}

/// The body of an Events API v2 event (`POST /v2/enqueue`): `routing_key`, `event_action`, `dedup_key`, and for a
/// trigger the `payload` (`summary` ≤ 1,024 characters, `source`, `severity`) and `links`.
enum PagerDutyEvent {
    static func body(_ event: PageEvent, routingKey: String) -> [String: Any] {
        var body: [String: Any] = [
            "routing_key": routingKey, "event_action": event.action.rawValue, "dedup_key": String(event.dedupKey.prefix(255)),
        ]
        guard event.action == .trigger else { return body }
        body["payload"] = [
            "summary": String(event.summary.prefix(1024)), "source": event.source, "severity": event.urgency.rawValue,
            "component": event.service,
        ]
        body["client"] = "Tocsin"
        if !event.links.isEmpty {
            body["links"] = event.links.map { ["href": $0.url, "text": $0.title] }
        }
        return body
    }
}

/// The bodies of Opsgenie's create-alert (`POST /v2/alerts`: `message` ≤ 130 characters, `alias` ≤ 512,
/// `description`, `priority`, `source`) and close-alert (`POST /v2/alerts/{alias}/close?identifierType=alias`).
enum OpsgenieAlert {
    static func create(_ event: PageEvent) -> [String: Any] {
        let priority = switch event.urgency {
        case .critical: "P1"
        case .error: "P2"
        case .warning: "P3"
        case .info: "P4"
        }
        let links = event.links.map { "\($0.title): \($0.url)" }.joined(separator: "\n")
        return [
            "message": String(event.summary.prefix(130)), "alias": String(event.dedupKey.prefix(512)),
            "description": String((event.summary + (links.isEmpty ? "" : "\n" + links)).prefix(15000)),
            "priority": priority, "source": event.source, "details": ["service": event.service],
        ]
    }

    static func close(_ event: PageEvent) -> [String: Any] {
        ["source": event.source, "note": "The incident was resolved in Tocsin."]
    }

    /// The alias as one path segment.
    static func pathSegment(_ alias: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove("/")
        return alias.addingPercentEncoding(withAllowedCharacters: allowed) ?? alias
    }
}
