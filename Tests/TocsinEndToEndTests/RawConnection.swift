#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// One plain TCP connection to 127.0.0.1, for sending exactly the bytes a hostile or slow client would
/// (headers without their body, idle sockets). Blocking, with every wait bounded by a timeout.
final class RawConnection {
    private(set) var fd: Int32 = -1

    /// Connects to 127.0.0.1:`port`; throws when the connection is refused.
    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawConnectionError.socket(errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let error = errno
            disconnect()
            throw RawConnectionError.connect(error)
        }
    }

    /// Writes all of `bytes`, or as much as the peer takes before closing or `timeout` passes; returns the count sent.
    @discardableResult
    func write(_ bytes: [UInt8], timeout: Double = 2) -> Int {
        setTimeout(SO_SNDTIMEO, timeout)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            sent += count
        }
        return sent
    }

    /// Writes `text` as UTF-8.
    @discardableResult
    func write(_ text: String, timeout: Double = 2) -> Int {
        write(Array(text.utf8), timeout: timeout)
    }

    /// Everything received until the peer closes, `limit` bytes arrive, or `timeout` passes without a byte.
    func receive(limit: Int = 64 * 1024, timeout: Double) -> (bytes: [UInt8], closedByPeer: Bool) {
        setTimeout(SO_RCVTIMEO, timeout)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while received.count < limit {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            if count == 0 { return (received, true) }
            if count < 0 { return (received, errno == ECONNRESET) }
            received += buffer[0..<count]
        }
        return (received, false)
    }

    /// The status code of the HTTP response that arrives within `timeout` (0 when none does), and whether the server then closed.
    func responseStatus(timeout: Double) -> (status: Int, closedByPeer: Bool, text: String) {
        let (bytes, closed) = receive(timeout: timeout)
        let text = String(decoding: bytes, as: UTF8.self)
        let statusLine = text.split(separator: "\r\n", maxSplits: 1).first ?? ""
        let parts = statusLine.split(separator: " ")
        let status = parts.count >= 2 && parts[0].hasPrefix("HTTP/1.") ? Int(parts[1]) ?? 0 : 0
        return (status, closed, text)
    }

    /// Closes the connection from this side.
    func disconnect() {
        if fd >= 0 { _ = close(fd) }
        fd = -1
    }

    private func setTimeout(_ option: Int32, _ seconds: Double) {
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, option, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { disconnect() }

    /// A POST's request line and headers, Slack's two signature headers included, with no body after them.
    static func head(path: String, contentLength: Int, timestamp: Int, signature: String = "v0=" + String(repeating: "0", count: 64)) -> String {
        "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "Content-Length: \(contentLength)\r\nX-Slack-Request-Timestamp: \(timestamp)\r\nX-Slack-Signature: \(signature)\r\n\r\n"
    }
}

enum RawConnectionError: Error { case socket(Int32), connect(Int32) }

/// The resident memory of process `pid` in bytes, from `/proc/<pid>/status` (`VmRSS`).
func residentBytes(of pid: Int32) -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
        let kilobytes = Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "")
    else { return nil }
    return kilobytes * 1024
}

/// Runs blocking socket work on a thread of its own, so a test waiting on sockets never holds a thread of
/// Swift's small cooperative pool that other tests need.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: work()) }.start()
    }
}
