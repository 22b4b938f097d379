import HTTPTypes
import Hummingbird
import NIOCore
import TocsinSlack

/// Reads a Slack request's body only when its headers already look like Slack's, within the size, memory
/// and time limits, and checks its signature; anything else is answered at once without reading more.
///
/// Order: signature headers present, timestamp within 5 minutes (else 401); `Content-Length` within the
/// limit (else 413); room in the shared budget for unverified bodies (else 503 with `Retry-After`); the body
/// read whole (a body slower than the body timeout is answered 408 by ``SlowBodyGuard`` on the connection,
/// which closes it, so the read here fails); the signature over it (else 401). Refusals made before a large
/// body (over 16 KiB, or chunked) was read close the connection, so those bytes are never drained.
struct SlackBodyReader: Sendable {
    /// Slack's `ssl_check=1&token=…` certificate check is sent unsigned; a body this small is read to look for it.
    static let sslCheckBodyBytes = 1024
    /// A refused request's unread body up to this size is read and dropped to keep the connection; a larger one closes it.
    static let drainableBytes = 16 * 1024
    static let timestampField = HTTPField.Name(SlackRequestVerifier.timestampHeader)!
    private static let signatureField = HTTPField.Name(SlackRequestVerifier.signatureHeader)!

    /// What reading a request gave.
    enum Outcome {
        /// The raw body, its signature valid.
        case verified([UInt8])
        /// Slack's certificate check of a command URL.
        case sslCheck
        /// The answer to send instead.
        case refused(Response)
    }

    let verifier: SlackRequestVerifier
    let limits: IngressLimits
    let budget: UnverifiedBodyBudget
    let refusals: RefusalLog

    func read(_ request: Request, answeringSSLCheck: Bool) async -> Outcome {
        let path = "\(request.uri.path)"
        let declaredLength = request.headers[.contentLength].flatMap { Int($0) }
        let closeAfter = declaredLength.map { $0 > Self.drainableBytes } ?? (request.headers[.transferEncoding] != nil)
        do {
            try verifier.checkHeaders(timestamp: request.headers[Self.timestampField], signature: request.headers[Self.signatureField])
        } catch {
            if answeringSSLCheck, (declaredLength ?? 0) <= Self.sslCheckBodyBytes,
                case .body(let buffer) = await Self.collect(request.body, upTo: Self.sslCheckBodyBytes),
                SlackInbound.isSSLCheck(formBody: Array(buffer.readableBytesView)) {
                return .sslCheck
            }
            refusals.refuse(.signature, "request refused", metadata: ["path": "\(path)", "reason": "\(error)"])
            return .refused(Self.refusal(.unauthorized, json: #"{"error":"invalid request"}"#, closing: closeAfter))
        }
        if let declaredLength, declaredLength > limits.maxBodyBytes {
            refusals.refuse(.tooLarge, "request body too large", metadata: ["path": "\(path)", "content_length": "\(declaredLength)"])
            return .refused(Self.refusal(.contentTooLarge, text: "Request body too large: Slack's requests are under \(limits.maxBodyBytes) bytes.\n", closing: closeAfter))
        }
        let reservation = max(0, declaredLength ?? limits.maxBodyBytes)
        guard budget.reserve(reservation) else {
            refusals.refuse(.busy, "too many request bodies being read; refused", metadata: ["path": "\(path)"])
            var response = Self.refusal(.serviceUnavailable, text: "Too many requests in progress; retry in a second.\n", closing: closeAfter)
            response.headers[.retryAfter] = "1"
            return .refused(response)
        }
        defer { budget.release(reservation) }
        let body: [UInt8]
        switch await Self.collect(request.body, upTo: limits.maxBodyBytes) {
        case .body(let buffer):
            body = Array(buffer.readableBytesView)
        case .tooLarge:
            refusals.refuse(.tooLarge, "request body too large", metadata: ["path": "\(path)"])
            return .refused(Self.refusal(.contentTooLarge, text: "Request body too large: Slack's requests are under \(limits.maxBodyBytes) bytes.\n", closing: true))
        case .failed:
            refusals.refuse(.slowBody, "request body did not arrive in time", metadata: ["path": "\(path)"])
            return .refused(Self.refusal(.requestTimeout, text: "The request body did not arrive in time.\n", closing: true))
        }
        if answeringSSLCheck, SlackInbound.isSSLCheck(formBody: body) {
            return .sslCheck
        }
        do {
            try verifier.verify(body: body, timestamp: request.headers[Self.timestampField], signature: request.headers[Self.signatureField])
        } catch {
            refusals.refuse(.signature, "request refused", metadata: ["path": "\(path)", "reason": "\(error)"])
            return .refused(Response(
                status: .unauthorized, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"error":"invalid request"}"#))
            ))
        }
        return .verified(body)
    }

    private enum BodyRead {
        case body(ByteBuffer), tooLarge, failed
    }

    /// The whole body, unless it is longer than `limit`. A body that does not arrive in time is cut off by
    /// ``SlowBodyGuard`` on the connection (it answers 408 and closes), so reading it then fails.
    private static func collect(_ body: RequestBody, upTo limit: Int) async -> BodyRead {
        do {
            return .body(try await body.collect(upTo: limit))
        } catch is NIOTooManyBytesError {
            return .tooLarge
        } catch {
            return .failed
        }
    }

    /// A refusal sent before the body was read; with `closing`, the connection is closed after it (``CloseAfterResponse``).
    private static func refusal(_ status: HTTPResponse.Status, json: String, closing: Bool) -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if closing { headers[.connection] = "close" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    private static func refusal(_ status: HTTPResponse.Status, text: String, closing: Bool) -> Response {
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8"]
        if closing { headers[.connection] = "close" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
