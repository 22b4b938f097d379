import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TocsinTestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `tocsin sandbox` (issue #11, item 10): the workspace and the bot in one process, under one service group
/// that SIGINT or SIGTERM shuts down gracefully.
@Suite struct SandboxCommandTests {
    @Test(arguments: [SIGINT, SIGTERM])
    func theWorkspaceAndTheBotRunTogetherAndStopCleanlyOn(signal: Int32) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-sandbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let botPort = try Self.freePort(), sandboxPort = try Self.freePort()
        let (process, output, errors) = CommandLineTests.process([
            "sandbox", "--port", String(botPort), "--sandbox-port", String(sandboxPort),
            "--database", directory.appendingPathComponent("sandbox.sqlite").path, "--log-level", "warning",
        ], environment: [:])
        let printed = PrintedText()
        for pipe in [output, errors] {
            pipe.fileHandleForReading.readabilityHandler = { handle in printed.append(String(decoding: handle.availableData, as: UTF8.self)) }
        }
        defer {
            for pipe in [output, errors] { pipe.fileHandleForReading.readabilityHandler = nil }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        try process.run()
        #expect(await eventually(timeout: .seconds(30)) { printed.text.contains("Tocsin sandbox is running") }, "\(printed.text)")

        let (health, _) = try await URLSession.shared.data(from: try #require(URL(string: "http://127.0.0.1:\(botPort)/healthz")))
        #expect(String(decoding: health, as: UTF8.self) == "ok\n")
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(sandboxPort)/sandbox/command")))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"user":"U01PAYLEAD","channel":"general","text":"/incident declare SEV1 checkout Card payments failing"}"#.utf8)
        let (answer, _) = try await URLSession.shared.data(for: request)
        #expect(String(decoding: answer, as: UTF8.self).contains("Declared incident #1"), "the workspace's command reached the bot and its answer came back")

        kill(process.processIdentifier, signal)
        #expect(await eventually(timeout: .seconds(20)) { !process.isRunning })
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0, "\(printed.text)")
    }

    /// A loopback port nothing listens on now: bound to port 0, read back, released.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw PortError.noSocket }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw PortError.noSocket }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    enum PortError: Error { case noSocket }
}
