import Foundation
import Synchronization
import TocsinApp
import TocsinSandbox
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real `tocsin serve` binary in a child process, for tests that kill it.
///
/// Unchecked-Sendable: its state is set while starting and only read afterwards, except the output,
/// which has its own lock.
final class BotProcess: @unchecked Sendable {
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tocsin").path

    let process = Process()
    private let errors = Pipe()
    private let output = Pipe()
    private let signingSecret: String
    private(set) var port = 0
    private(set) var log = ""
    /// Everything the process printed after it started listening, on either stream.
    private let laterOutput = PrintedText()

    /// Starts `tocsin serve` and waits until it listens, on a thread of its own: the child checks its token
    /// with the sandbox in this process, which needs the (two-thread) cooperative pool free to answer.
    static func launch(
        apiURL: String, database: String, config: String, signingSecret: String = Harness.signingSecret, botToken: String = "xoxb-sandbox",
        logLevel: String? = nil, environment extra: [String: String] = [:], arguments more: [String] = [], openFileLimit: Int? = nil,
        withoutFlags: Bool = false, executable: String = BotProcess.binary, workingDirectory: URL = Harness.repository
    ) async throws -> BotProcess {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    try BotProcess(
                        apiURL: apiURL, database: database, config: config, signingSecret: signingSecret, botToken: botToken,
                        logLevel: logLevel, environment: extra, arguments: more, openFileLimit: openFileLimit, withoutFlags: withoutFlags,
                        executable: executable, workingDirectory: workingDirectory
                    )
                })
            }.start()
        }
    }

    /// Starts `tocsin serve` against the Web API at `apiURL` and waits until it listens.
    private init(
        apiURL: String, database: String, config: String, signingSecret: String = Harness.signingSecret, botToken: String = "xoxb-sandbox",
        logLevel: String? = nil, environment extra: [String: String] = [:], arguments more: [String] = [], openFileLimit: Int? = nil,
        withoutFlags: Bool = false, executable: String = BotProcess.binary, workingDirectory: URL = Harness.repository
    ) throws {
        self.signingSecret = signingSecret
        let flags = withoutFlags ? [] : ["--config", config, "--host", "127.0.0.1", "--port", "0", "--database", database]
        let arguments = ["serve"] + flags + (logLevel.map { ["--log-level", $0] } ?? []) + more
        if let openFileLimit {
            // The shell lowers its own RLIMIT_NOFILE (setrlimit) and execs the bot, which keeps the limit and the pid.
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -n \(openFileLimit) && exec \"$0\" \"$@\"", executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        process.currentDirectoryURL = workingDirectory
        var environment = ProcessInfo.processInfo.environment
        environment["SLACK_BOT_TOKEN"] = botToken
        environment["SLACK_SIGNING_SECRET"] = signingSecret
        environment["TOCSIN_SLACK_API_URL"] = apiURL
        environment.merge(extra) { _, new in new }
        process.environment = environment
        process.standardError = errors
        process.standardOutput = output
        try ProcessLaunch.run(process)
        let handle = errors.fileHandleForReading
        while port == 0 {
            let chunk = handle.availableData
            if chunk.isEmpty { throw BotProcessError.exited(log) }
            log += String(decoding: chunk, as: UTF8.self)
            // `port=8080` in text logs, `"port":"8080"` in JSON logs; not `metrics_port=9090` (`--metrics-port`).
            if let range = log.range(of: #"(?<![A-Za-z_])port"?[=:]"?\d+"#, options: .regularExpression) {
                port = Int(log[range].drop { !$0.isNumber }) ?? 0
            }
        }
        // Keep draining both streams so the child never blocks on a full pipe, keeping what they say.
        for pipe in [errors, output] {
            pipe.fileHandleForReading.readabilityHandler = { [laterOutput] handle in
                let text = String(decoding: handle.availableData, as: UTF8.self)
                laterOutput.append(text)
            }
        }
    }

    /// Everything printed so far, on stdout and stderr.
    var everythingPrinted: String {
        log + laterOutput.text
    }

    /// Stops the process as a service manager would (SIGTERM) and waits for it to exit.
    func stop() {
        process.terminate()
        process.waitUntilExit()
        for pipe in [errors, output] {
            pipe.fileHandleForReading.readabilityHandler = nil
            let rest = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            laterOutput.append(rest)
        }
    }

    /// Kills the process at once, as a crash or an OOM kill would.
    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        errors.fileHandleForReading.readabilityHandler = nil
        output.fileHandleForReading.readabilityHandler = nil
    }

    /// A signed slash command, as Slack sends it.
    func command(_ text: String, user: String = "U05EXEC") async throws -> Int {
        let body = BotClient.commandForm(text, user: user, channel: "C0GENERAL", triggerID: "\(Int.random(in: 1000...9999)).\(Int.random(in: 1000...9999)).\(UUID().uuidString.prefix(8).lowercased())")
        let timestamp = Int(Date().timeIntervalSince1970)
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/slack/commands")!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.setValue(String(timestamp), forHTTPHeaderField: "X-Slack-Request-Timestamp")
        request.setValue(RequestSigning.signature(secret: signingSecret, timestamp: timestamp, body: body), forHTTPHeaderField: "X-Slack-Signature")
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    deinit {
        if process.isRunning { kill() }
    }
}

enum BotProcessError: Error { case exited(String) }

/// Text gathered from a child's pipes, appended from the pipes' reading threads.
final class PrintedText: Sendable {
    private let gathered = Mutex("")

    func append(_ more: String) {
        gathered.withLock { $0 += more }
    }

    var text: String { gathered.withLock { $0 } }
}
