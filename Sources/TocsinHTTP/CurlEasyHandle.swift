import Foundation
import CCurl

/// One libcurl easy handle: the only place Tocsin touches `CURL*`.
///
/// Not `Sendable` on purpose: a handle is used by one thread at a time. `HandlePool`
/// keeps each handle behind its own lock, so the compiler proves that, and hands it
/// back for reuse: an easy handle keeps its connection cache across `curl_easy_reset`,
/// so the next request to the same host rides the same keep-alive TCP/TLS connection.
/// `perform` blocks; it runs on `BlockingExecutor` threads, never on the async executors.
final class CurlEasyHandle {
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let connectTimeoutMS: Int
    private let totalTimeoutMS: Int

    /// Filled by the libcurl callbacks during `perform`.
    fileprivate var responseBody: [UInt8] = []
    fileprivate var responseHeaders: [(name: String, value: String)] = []

    /// - Parameters:
    ///   - connectTimeout: seconds allowed for DNS, TCP and TLS set-up.
    ///   - totalTimeout: seconds allowed for the whole exchange.
    init(connectTimeout: Double, totalTimeout: Double) throws(TransportError) {
        let initResult = CurlGlobal.initResult
        guard initResult == CURLE_OK else {
            throw .setupFailed(code: Int(initResult.rawValue), "curl_global_init failed")
        }
        guard let handle = curl_easy_init() else {
            throw .setupFailed(code: -1, "curl_easy_init returned NULL")
        }
        self.handle = handle
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        self.errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        self.connectTimeoutMS = Self.milliseconds(connectTimeout)
        self.totalTimeoutMS = Self.milliseconds(totalTimeout)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Sends the request and waits for the whole response. Blocks the calling thread.
    func perform(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        let isLoopback = try URLPolicy.check(request.url)

        // Reset options from the previous request; live connections survive a reset.
        curl_easy_reset(handle)
        responseBody = []
        responseHeaders = []
        errorBuffer[0] = 0

        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for header in request.headers {
            headerList = curl_slist_append(headerList, "\(header.name): \(header.value)")
        }
        // No `Expect: 100-continue` round trip before bodies.
        headerList = curl_slist_append(headerList, "Expect:")

        try setCommonOptions(url: request.url, headers: headerList)
        if isLoopback {
            // Never send the token for a local workspace through an http_proxy from the environment.
            try check(tocsin_curl_setopt_string(handle, CURLOPT_PROXY, ""))
        }

        let code: CURLcode
        switch request.method {
        case .get:
            try check(tocsin_curl_setopt_long(handle, CURLOPT_HTTPGET, 1))
            code = curl_easy_perform(handle)
        case .post:
            code = request.body.withUnsafeBytes { bytes -> CURLcode in
                // POSTFIELDS is not copied; the buffer outlives the blocking perform below.
                let empty: StaticString = ""
                let pointer = UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(empty.utf8Start))
                for setup in [
                    tocsin_curl_setopt_long(handle, CURLOPT_POST, 1),
                    tocsin_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, bytes.count),
                    tocsin_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS, pointer),
                ] where setup != CURLE_OK {
                    return setup
                }
                return curl_easy_perform(handle)
            }
        }
        guard code == CURLE_OK else { throw transportError(for: code) }

        var status = 0
        let info = tocsin_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        guard info == CURLE_OK else { throw transportError(for: info) }
        return HTTPResponse(status: status, headers: responseHeaders, body: responseBody)
    }

    private func setCommonOptions(url: String, headers: UnsafeMutablePointer<curl_slist>?) throws(TransportError) {
        try check(tocsin_curl_setopt_string(handle, CURLOPT_URL, url))
        // libcurl must not raise SIGALRM/SIGPIPE in a multi-threaded server.
        try check(tocsin_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        try check(tocsin_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "https,http"))
        try check(tocsin_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0))
        try check(tocsin_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, connectTimeoutMS))
        try check(tocsin_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, totalTimeoutMS))
        try check(tocsin_curl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1))
        try check(tocsin_curl_setopt_string(handle, CURLOPT_USERAGENT, "Tocsin (libcurl)"))
        try check(tocsin_curl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, ""))
        try check(tocsin_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        try check(tocsin_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headers))

        let context = Unmanaged.passUnretained(self).toOpaque()
        try check(tocsin_curl_setopt_write_function(handle, curlWriteBody))
        try check(tocsin_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context))
        try check(tocsin_curl_setopt_header_function(handle, curlWriteHeader))
        try check(tocsin_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context))
    }

    /// Checks a set-up step made before anything is sent.
    private func check(_ code: CURLcode) throws(TransportError) {
        guard code == CURLE_OK else { throw .setupFailed(code: Int(code.rawValue), message(for: code)) }
    }

    /// What a failed exchange means for the request: never sent (no connection), lost on the wire, or timed out.
    private func transportError(for code: CURLcode) -> TransportError {
        let message = message(for: code)
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut(message)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_SSL_CONNECT_ERROR:
            return .couldNotConnect(message)
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING:
            return .connectionLost(message)
        default:
            return .curl(code: Int(code.rawValue), message)
        }
    }

    private func message(for code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    }

    private static func milliseconds(_ seconds: Double) -> Int {
        guard seconds.isFinite, seconds > 0 else { return 0 }  // 0 = libcurl's default
        return max(1, Int((seconds * 1000).rounded()))
    }

    fileprivate func appendHeaderLine(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("HTTP/") {
            // A new response begins (after an interim 1xx); keep only the final one's fields.
            responseHeaders = []
            return
        }
        guard let colon = trimmed.firstIndex(of: ":") else { return }
        let name = String(trimmed[..<colon]).trimmingCharacters(in: .whitespaces)
        let value = String(trimmed[trimmed.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        responseHeaders.append((name: name, value: value))
    }
}

/// CURLOPT_WRITEFUNCTION: append body bytes to the handle passed as CURLOPT_WRITEDATA.
private func curlWriteBody(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    let length = size * count
    guard let data, let context else { return length }
    let handle = Unmanaged<CurlEasyHandle>.fromOpaque(context).takeUnretainedValue()
    handle.responseBody.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
    return length
}

/// CURLOPT_HEADERFUNCTION: called once per header line, status line included.
private func curlWriteHeader(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    let length = size * count
    guard let data, let context else { return length }
    let handle = Unmanaged<CurlEasyHandle>.fromOpaque(context).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: data, count: length)
    handle.appendHeaderLine(String(decoding: bytes, as: UTF8.self))
    return length
}
