import Foundation
import Testing

/// Issue #12: the systemd unit in `deploy/` is one systemd accepts, pointed at the built binary.
@Suite struct DeployUnitTests {
    static let analyzer = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test func systemdAcceptsTheUnit() throws {
        guard let analyzer = Self.analyzer else {
            print("DeployUnitTests: systemd-analyze is not installed; the unit is not verified")
            return
        }
        let unit = try String(contentsOf: Harness.repository.appendingPathComponent("deploy/tocsin.service"), encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/local/bin/tocsin serve"))
        for option in ["DynamicUser=yes", "StateDirectory=tocsin", "EnvironmentFile=/etc/tocsin/tocsin.env", "Restart=on-failure", "NoNewPrivileges=yes", "ProtectSystem=strict"] {
            #expect(unit.contains("\n\(option)\n"), "the unit lacks \(option)")
        }
        // The unit names the installed path; verify it against the binary this test run built.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("tocsin.service")
        try unit.replacingOccurrences(of: "/usr/local/bin/tocsin", with: BotProcess.binary).write(to: copy, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: analyzer)
        process.arguments = ["verify", copy.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(printed)")
        #expect(printed.isEmpty, "systemd-analyze complains: \(printed)")
    }
}
