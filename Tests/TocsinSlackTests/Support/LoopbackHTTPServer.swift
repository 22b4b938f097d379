#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// A minimal HTTP/1.1 server on 127.0.0.1 for exercising the real libcurl client.
///
/// One thread accepts, one thread per connection reads requests (request line, headers,
/// `Content-Length` body), records them with the id of the TCP connection they came on,
/// and answers with whatever the test's handler scripts. Connections are kept alive
/// unless the client asks to close. Only for tests: no chunked bodies, no TLS.
final class LoopbackHTTPServer: Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]
        /// Which accepted TCP connection carried the request (1, 2, …).
        var connectionID: Int

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        var bodyText: String { String(decoding: body, as: UTF8.self) }

        /// The Web API method: the last path component.
        var apiMethod: String { String(path.split(separator: "/").last ?? "") }
    }

    struct Response: Sendable {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]
        /// Seconds to wait before answering (for timeout tests).
        var delay: Double = 0
        /// Close the connection after reading the request, answering nothing (for lost-connection tests).
        var hangsUp = false

        static func json(_ text: String, status: Int = 200, headers: [(name: String, value: String)] = []) -> Response {
            Response(status: status, headers: [("Content-Type", "application/json; charset=utf-8")] + headers, body: Array(text.utf8))
        }

        static func html(_ text: String, status: Int) -> Response {
            Response(status: status, headers: [("Content-Type", "text/html")], body: Array(text.utf8))
        }
    }

    typealias Handler = @Sendable (Request) -> Response

    private struct State {
        var requests: [Request] = []
        var connectionFDs: Set<Int32> = []
        var connections = 0
        var stopped = false
    }

    let port: Int
    private let listenFD: Int32
    private let handler: Handler
    private let state = Mutex(State())

    var baseURL: String { "http://127.0.0.1:\(port)/api/" }
    var requests: [Request] { state.withLock { $0.requests } }
    var connectionCount: Int { state.withLock { $0.connections } }

    init(handler: @escaping Handler) throws {
        let fd = try Self.boundSocket()
        guard listen(fd, 16) == 0 else {
            close(fd)
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
        self.listenFD = fd
        self.port = Self.localPort(of: fd)
        self.handler = handler
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "loopback-http-accept"
        thread.start()
    }

    /// Stops accepting and closes every open connection; threads then end on their own.
    func stop() {
        let fds = state.withLock { state in
            state.stopped = true
            return state.connectionFDs
        }
        shutdown(listenFD, Int32(SHUT_RDWR))
        for fd in fds { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    /// A loopback port nothing listens on (bound once, then closed): connecting is refused.
    static func unusedPort() throws -> Int {
        let fd = try boundSocket()
        defer { close(fd) }
        return localPort(of: fd)
    }

    // MARK: - Sockets

    private static func boundSocket() throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            close(fd)
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
        return fd
    }

    private static func localPort(of fd: Int32) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private func acceptLoop() {
        defer { close(listenFD) }
        while true {
            let fd = accept(listenFD, nil, nil)
            if fd < 0 {
                if errno == EINTR, !state.withLock({ $0.stopped }) { continue }
                return
            }
            let id: Int? = state.withLock { state in
                guard !state.stopped else { return nil }
                state.connections += 1
                state.connectionFDs.insert(fd)
                return state.connections
            }
            guard let id else {
                close(fd)
                return
            }
            let thread = Thread { [self] in serve(fd: fd, connectionID: id) }
            thread.name = "loopback-http-\(id)"
            thread.start()
        }
    }

    // MARK: - HTTP

    private func serve(fd: Int32, connectionID: Int) {
        defer {
            state.withLock { _ = $0.connectionFDs.remove(fd) }
            close(fd)
        }
        var buffer: [UInt8] = []
        while true {
            guard let request = readRequest(fd: fd, buffer: &buffer, connectionID: connectionID) else { return }
            state.withLock { $0.requests.append(request) }
            let response = handler(request)
            if response.delay > 0 { Thread.sleep(forTimeInterval: response.delay) }
            if response.hangsUp { return }
            guard write(response, to: fd) else { return }
            if request.header("Connection")?.lowercased() == "close" { return }
        }
    }

    private func readRequest(fd: Int32, buffer: inout [UInt8], connectionID: Int) -> Request? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headerEnd: Int?
        while headerEnd == nil {
            headerEnd = buffer.firstRange(of: separator)?.lowerBound
            if headerEnd == nil, !receive(fd: fd, into: &buffer) { return nil }
        }
        guard let headerEnd else { return nil }
        let head = String(decoding: buffer[..<headerEnd], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        let headers = lines.compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        let bodyStart = headerEnd + separator.count
        while buffer.count < bodyStart + length {
            if !receive(fd: fd, into: &buffer) { return nil }
        }
        let body = Array(buffer[bodyStart..<bodyStart + length])
        buffer.removeFirst(bodyStart + length)
        return Request(
            method: String(requestLine[0]), path: String(requestLine[1]),
            headers: headers, body: body, connectionID: connectionID)
    }

    private func receive(fd: Int32, into buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        var count: Int
        // A signal (other suites' child processes exiting send SIGCHLD) interrupts a blocking recv: try again.
        repeat {
            count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        } while count < 0 && errno == EINTR
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[..<count])
        return true
    }

    private func write(_ response: Response, to fd: Int32) -> Bool {
        var head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        for header in response.headers { head += "\(header.name): \(header.value)\r\n" }
        head += "Content-Length: \(response.body.count)\r\n\r\n"
        let bytes = Array(head.utf8) + response.body
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes {
                send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            sent += count
        }
        return true
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
