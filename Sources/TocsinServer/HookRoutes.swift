import Foundation
import Hummingbird
import Logging
import TocsinApp
import TocsinCore

/// `POST /hooks/alertmanager` and `POST /hooks/generic`: alerts from monitors, authenticated by a bearer token
/// (`TOCSIN_HOOK_TOKEN`). Every refusal is a 4xx JSON answer with a code and one sentence, logged, with nothing
/// stored; a store failure is a 503, which Alertmanager retries.
struct HookRoutes: Sendable {
    /// Alertmanager sends a whole group in one body; Slack's body limit is too small for a large group.
    static let maximumBodyBytes = 1 << 20

    let token: String?
    let intake: AlertIntake
    let settings: AlertSettings
    let logger: Logger

    func register(on router: Router<BasicRequestContext>) {
        router.post("/hooks/alertmanager") { request, _ in
            await handle(request, source: .alertmanager) { body in AlertPayloadDecoder.alertmanager(body, settings: settings) }
        }
        router.post("/hooks/generic") { request, _ in
            await handle(request, source: .webhook) { body in AlertPayloadDecoder.generic(body) }
        }
    }

    private func handle(
        _ request: Request, source: AlertSource, decode: @Sendable ([UInt8]) -> Result<[AlertNotice], AlertPayloadError>
    ) async -> Response {
        guard let token else {
            return refuse(.forbidden, "hooks_disabled", "Alert hooks are off: set TOCSIN_HOOK_TOKEN where Tocsin runs and send it as a bearer token.", source)
        }
        guard Self.admits(request.headers[.authorization], token: token) else {
            var response = refuse(.unauthorized, "unauthorized", "Send the hook token (TOCSIN_HOOK_TOKEN) as Authorization: Bearer <token>.", source)
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maximumBodyBytes)
        } catch {
            return refuse(.contentTooLarge, "body_too_large", "The body is larger than \(Self.maximumBodyBytes) bytes.", source)
        }
        let notices: [AlertNotice]
        switch decode(Array(body.readableBytesView)) {
        case .failure(let error):
            return refuse(.badRequest, error.code, error.message, source)
        case .success(let decoded):
            notices = decoded
        }
        switch await intake.receive(notices, from: source) {
        case .refused(let refusal):
            return Self.json(.unprocessableContent, ["ok": false, "error": refusal.code, "message": refusal.message])
        case .failed:
            return Self.json(.serviceUnavailable, ["ok": false, "error": "store_unavailable", "message": "Tocsin could not store the alerts; send them again."])
        case .handled(let changes):
            return Self.json(.ok, ["ok": true, "results": changes.map(Self.describe)])
        }
    }

    private func refuse(_ status: HTTPResponse.Status, _ code: String, _ message: String, _ source: AlertSource) -> Response {
        logger.warning("refused an alert hook", metadata: ["source": "\(source.rawValue)", "status": "\(status.code)", "reason": "\(code)"])
        return Self.json(status, ["ok": false, "error": code, "message": message])
    }

    private static func describe(_ change: AlertChange) -> [String: Any] {
        var result: [String: Any] = ["service": change.service]
        if let incident = change.incident { result["incident"] = incident }
        switch change.kind {
        case .declared:
            result["outcome"] = "declared"
        case .updated(let attached, let resolved):
            result["outcome"] = "updated"
            result["attached"] = attached
            result["resolved"] = resolved
        case .unchanged(let reason):
            result["outcome"] = "unchanged"
            result["reason"] = reason.rawValue
        }
        return result
    }

    static func json(_ status: HTTPResponse.Status, _ object: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    /// Whether the `Authorization` header carries the token, compared in constant time.
    static func admits(_ authorization: String?, token: String) -> Bool {
        guard let authorization, authorization.hasPrefix("Bearer ") else { return false }
        let given = Array(authorization.utf8.dropFirst("Bearer ".utf8.count))
        let expected = Array(token.utf8)
        var difference = UInt8(given.count == expected.count ? 0 : 1)
        for index in expected.indices {
            difference |= expected[index] ^ (index < given.count ? given[index] : 0)
        }
        return difference == 0
    }
}
