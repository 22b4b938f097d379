import Foundation

/// A process this benchmark started: its output drained on threads of its own (so a chatty child never
/// blocks on a full pipe), stderr offered line by line, and signals sent to its pid only.
final class ChildProcess: @unchecked Sendable {
    let process = Process()
    private let lock = NSLock()
    private var stdout = Data()
    private var stderr = Data()
    private var pendingLine = Data()
    private let onStderrLine: (@Sendable (String) -> Void)?
    private var drains: [Thread] = []
    private var drainsLeft = 0
    private let drained = NSCondition()

    init(
        executable: String, arguments: [String], environment: [String: String]? = nil,
        onStderrLine: (@Sendable (String) -> Void)? = nil
    ) {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        self.onStderrLine = onStderrLine
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    func start() throws {
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        drainsLeft = 2
        for (pipe, isStderr) in [(out, false), (err, true)] {
            let thread = Thread { [self] in
                let handle = pipe.fileHandleForReading
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    self.received(data, isStderr: isStderr)
                }
                self.drained.lock()
                self.drainsLeft -= 1
                self.drained.broadcast()
                self.drained.unlock()
            }
            thread.start()
            drains.append(thread)
        }
    }

    private func received(_ data: Data, isStderr: Bool) {
        var lines: [String] = []
        lock.lock()
        if isStderr {
            stderr.append(data)
            if onStderrLine != nil {
                pendingLine.append(data)
                while let newline = pendingLine.firstIndex(of: UInt8(ascii: "\n")) {
                    lines.append(String(decoding: pendingLine[pendingLine.startIndex..<newline], as: UTF8.self))
                    pendingLine = Data(pendingLine[pendingLine.index(after: newline)...])
                }
                // A chatty child's log is only scanned, never kept whole.
                if stderr.count > 1 << 20 { stderr = Data(stderr.suffix(64 << 10)) }
            }
        } else {
            stdout.append(data)
        }
        lock.unlock()
        for line in lines { onStderrLine?(line) }
    }

    /// What the child wrote, stdout then stderr (the tail of stderr for a chatty child).
    var output: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: stdout, as: UTF8.self) + String(decoding: stderr, as: UTF8.self)
    }

    func signal(_ signal: Int32) {
        if process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// Waits until the child exits (polling), at most `timeout`; returns its status, or nil if still running.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while process.isRunning {
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(5))
        }
        awaitDrains()
        return process.terminationStatus
    }

    /// The exit closes the pipes' write ends; lets the drains read the last bytes (at most a second).
    private func awaitDrains() {
        let until = Date().addingTimeInterval(1)
        drained.lock()
        while drainsLeft > 0 && drained.wait(until: until) {}
        drained.unlock()
    }

    /// SIGTERM, then SIGKILL if it has not exited within `grace`; returns the exit status.
    @discardableResult
    func stop(grace: Duration = .seconds(10)) async -> Int32? {
        signal(SIGTERM)
        if let status = await waitForExit(timeout: grace) { return status }
        signal(SIGKILL)
        return await waitForExit(timeout: .seconds(5))
    }

    /// Runs a program to completion (bounded by `timeout`) and returns its status and combined output.
    static func output(of executable: String, arguments: [String], timeout: Duration = .seconds(120)) async throws -> (Int32, String) {
        let child = ChildProcess(executable: executable, arguments: arguments)
        try child.start()
        guard let status = await child.waitForExit(timeout: timeout) else {
            await child.stop(grace: .seconds(2))
            return (-1, child.output + "\n(stopped after \(timeout))")
        }
        return (status, child.output)
    }
}
