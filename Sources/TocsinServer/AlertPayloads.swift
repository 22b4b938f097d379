import Foundation
import TocsinApp
import TocsinCore

/// Alertmanager's webhook payload, version 4 (`webhook_config`): a group of alerts with the group's labels.
/// Only what Tocsin uses is required; the rest is read when present.
struct AlertmanagerPayload: Decodable {
    struct Alert: Decodable {
        var status: String
        var labels: [String: String]
        var annotations: [String: String]?
        var startsAt: String?
        var endsAt: String?
        var generatorURL: String?
        var fingerprint: String?
    }

    var version: String
    var groupKey: String?
    var truncatedAlerts: Int?
    var status: String
    var receiver: String?
    var groupLabels: [String: String]?
    var commonLabels: [String: String]?
    var commonAnnotations: [String: String]?
    var externalURL: String?
    var alerts: [Alert]
}

/// The generic webhook's payload (`POST /hooks/generic`), for monitors that are not Alertmanager.
struct GenericAlertPayload: Decodable {
    struct Link: Decodable {
        var title: String?
        var url: String
    }

    var service: String
    var severity: String
    var title: String
    var dedupKey: String
    var status: String
    var links: [Link]?

    enum CodingKeys: String, CodingKey {
        case service, severity, title, status, links
        case dedupKey = "dedup_key"
    }
}

/// Why a hook's body could not be read as its payload; `message` is the sentence in the 400 answer.
struct AlertPayloadError: Error, Equatable {
    var code: String
    var message: String
}

/// Turns the monitors' payloads into ``AlertNotice``s: the one place that knows their wire formats.
enum AlertPayloadDecoder {
    /// More alerts than this in one notification are refused (Alertmanager's `max_alerts` can keep a group smaller).
    static let maximumAlerts = 1000
    /// Text longer than this (a title, a label value) is cut.
    static let maximumText = 2000

    static func alertmanager(_ body: [UInt8], settings: AlertSettings) -> Result<[AlertNotice], AlertPayloadError> {
        let payload: AlertmanagerPayload
        do {
            payload = try JSONDecoder().decode(AlertmanagerPayload.self, from: Data(body))
        } catch {
            return .failure(AlertPayloadError(code: "malformed_payload", message: "The body is not Alertmanager's webhook JSON (\(describe(error)))."))
        }
        guard payload.version == "4" else {
            return .failure(AlertPayloadError(code: "unsupported_version", message: "Tocsin reads Alertmanager's webhook payload version 4, not \(payload.version)."))
        }
        guard payload.alerts.count <= maximumAlerts else {
            return .failure(AlertPayloadError(code: "too_many_alerts", message: "The group holds \(payload.alerts.count) alerts; Tocsin takes at most \(maximumAlerts) (set max_alerts in the webhook_config)."))
        }
        var notices: [AlertNotice] = []
        for alert in payload.alerts {
            guard let status = AlertNotice.Status(rawValue: alert.status) else {
                return .failure(AlertPayloadError(code: "bad_status", message: "An alert's status is \(clip(alert.status)); it must be firing or resolved."))
            }
            let labels = alert.labels.map { AlertLabel(name: clip($0.key), value: clip($0.value)) }.sorted { $0.name < $1.name }
            let identity = alert.fingerprint.map(clip) ?? labels.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
            var links: [AlertLink] = []
            if let url = alert.generatorURL.flatMap(webURL) { links.append(AlertLink(title: "Source", url: url)) }
            if let url = alert.annotations?["runbook_url"].flatMap(webURL) { links.append(AlertLink(title: "Runbook", url: url)) }
            notices.append(AlertNotice(
                key: "am:\(identity):\(status.rawValue):\(clip(alert.startsAt ?? ""))", name: clip(alert.labels["alertname"] ?? "alert"), status: status,
                service: alert.labels[settings.serviceLabel].map(clip), severityValue: alert.labels[settings.severityLabel].map(clip),
                summary: alert.annotations?["summary"].map(clip), startsAt: alert.startsAt.flatMap(date), endsAt: alert.endsAt.flatMap(date),
                labels: labels, links: links
            ))
        }
        return .success(notices)
    }

    static func generic(_ body: [UInt8]) -> Result<[AlertNotice], AlertPayloadError> {
        let payload: GenericAlertPayload
        do {
            payload = try JSONDecoder().decode(GenericAlertPayload.self, from: Data(body))
        } catch {
            return .failure(AlertPayloadError(code: "malformed_payload", message: "The body is not the generic alert JSON (\(describe(error)))."))
        }
        guard let status = AlertNotice.Status(rawValue: payload.status) else {
            return .failure(AlertPayloadError(code: "bad_status", message: "status is \(clip(payload.status)); it must be firing or resolved."))
        }
        guard !payload.dedupKey.isEmpty, !payload.title.isEmpty else {
            return .failure(AlertPayloadError(code: "malformed_payload", message: "title and dedup_key must not be empty."))
        }
        let links = (payload.links ?? []).prefix(20).compactMap { link in
            webURL(link.url).map { AlertLink(title: clip(link.title ?? "Link"), url: $0) }
        }
        return .success([AlertNotice(
            key: "generic:\(clip(payload.dedupKey)):\(status.rawValue)", name: clip(payload.title), status: status,
            service: clip(payload.service), severityValue: clip(payload.severity), summary: nil,
            labels: [AlertLabel(name: "service", value: clip(payload.service)), AlertLabel(name: "severity", value: clip(payload.severity))],
            links: Array(links)
        )])
    }

    /// An http(s) URL, or nil (a link people click must not run anything).
    static func webURL(_ text: String) -> String? {
        guard text.count <= maximumText, let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", components.host?.isEmpty == false else { return nil }
        return text
    }

    /// An RFC 3339 time as Alertmanager writes it (nanoseconds, any offset); nil for its "unset" `0001-01-01T00:00:00Z`.
    static func date(_ text: String) -> Date? {
        var trimmed = text
        if let dot = text.firstIndex(of: "."), let end = text[dot...].firstIndex(where: { $0 == "Z" || $0 == "+" || $0 == "-" }) {
            let digits = text[text.index(after: dot)..<end]
            trimmed = String(text[..<dot]) + "." + String(digits.prefix(3)).padding(toLength: 3, withPad: "0", startingAt: 0) + String(text[end...])
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = trimmed.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        guard let date = formatter.date(from: trimmed), date.timeIntervalSince1970 > 0, date.timeIntervalSince1970 < 253_402_300_800 else { return nil }
        return date
    }

    static func clip(_ text: String) -> String {
        text.count <= maximumText ? text : String(text.prefix(maximumText))
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "\(key.stringValue) is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "\(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type"
        default: "not valid JSON"
        }
    }
}
