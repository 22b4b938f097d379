import Foundation
import TocsinSandbox

/// Runs `wrk` (Debian's package) against a loopback URL with a signed POST, written as a Lua script to a
/// temporary file; the script's `done` hook prints one machine-readable line that is parsed here.
struct Wrk: Sendable {
    struct Result: Sendable {
        var requests: Int
        var durationSeconds: Double
        var p50Seconds: Double
        var p99Seconds: Double
        /// Responses with a status above 399.
        var statusErrors: Int
        /// Connect, read, write errors and timeouts.
        var socketErrors: Int

        var requestsPerSecond: Double { durationSeconds > 0 ? Double(requests) / durationSeconds : 0 }
        var successes: Int { requests - statusErrors }
    }

    enum Failure: Error, CustomStringConvertible {
        case notInstalled
        case failed(status: Int32, output: String)

        var description: String {
            switch self {
            case .notInstalled: "wrk is not installed: `apt-get install wrk` (make bench installs it)."
            case .failed(let status, let output): "wrk exited with \(status):\n\(output)"
            }
        }
    }

    static let marker = "TOCSIN-BENCH"

    let executable: String

    /// Finds `wrk` on the PATH.
    static func locate() throws -> Wrk {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/wrk"
            if FileManager.default.isExecutableFile(atPath: candidate) { return Wrk(executable: candidate) }
        }
        throw Failure.notInstalled
    }

    /// What wrk sends: one signed body over and over, or bodies that differ in their `trigger_id`
    /// (each pre-signed, since Tocsin treats a repeated trigger id as Slack retrying the same command).
    enum Requests: Sendable {
        case same(SignedCommand)
        case distinct(text: String, count: Int)
    }

    /// One wrk thread: it keeps 64 connections busy on its own, and on a two-core machine a second
    /// thread takes CPU from the bot being measured (its p99 rose by a millisecond or more with two).
    static let threads = 1

    /// Sends `requests` to `port`'s `/slack/commands` over `connections` connections for `seconds`.
    func run(port: Int, requests: Requests, connections: Int, seconds: Int) async throws -> Result {
        let threads = Self.threads
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-bench-\(UUID().uuidString).lua")
        try Self.script(for: requests, threads: threads).write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        let arguments = [
            "-t\(threads)", "-c\(connections)", "-d\(seconds)s", "--latency", "--timeout", "2s",
            "-s", script.path, "http://127.0.0.1:\(port)/slack/commands",
        ]
        let (status, output) = try await ChildProcess.output(of: executable, arguments: arguments)
        guard status == 0, let result = Self.parse(output) else { throw Failure.failed(status: status, output: output) }
        return result
    }

    /// The Lua script: the request(s), and a `done` hook printing the summary and latency percentiles (µs).
    static func script(for requests: Requests, threads: Int) -> String {
        var lines = ["wrk.method = \"POST\""]
        switch requests {
        case .same(let command):
            lines.append("wrk.body = \(luaString(command.body))")
            for (name, value) in command.headers {
                lines.append("wrk.headers[\(luaString(name))] = \(luaString(value))")
            }
        case .distinct(let text, let count):
            // Request i carries trigger id `<base>.i`; its signature is the i-th 64 hex digits of `signatures`.
            // Thread k of n sends requests k+1, k+1+n, k+1+2n, … so no two threads send the same one.
            let stem = SignedCommand(text: text, triggerID: SignedCommand.uniqueTriggerID() + ".")
            var signatures = ""
            signatures.reserveCapacity(count * 64)
            for index in 1...count {
                signatures += RequestSigning.signature(secret: SignedCommand.benchSecret, timestamp: stem.timestamp, body: stem.body + String(index)).dropFirst(3)
            }
            for (name, value) in stem.headers where name != "X-Slack-Signature" {
                lines.append("wrk.headers[\(luaString(name))] = \(luaString(value))")
            }
            lines.append("""
            local prefix = \(luaString(stem.body))
            local signatures = [[\(signatures)]]
            local count = \(count)
            local step = \(threads)
            local threadsCreated = 0
            setup = function(thread)
              thread:set("slot", threadsCreated)
              threadsCreated = threadsCreated + 1
            end
            local nextIndex = nil
            request = function()
              if nextIndex == nil then nextIndex = (slot or 0) + 1 end
              local index = nextIndex
              nextIndex = nextIndex + step
              if index > count then index = ((index - 1) % count) + 1 end
              wrk.headers["X-Slack-Signature"] = "v0=" .. string.sub(signatures, (index - 1) * 64 + 1, index * 64)
              return wrk.format(nil, nil, nil, prefix .. index)
            end
            """)
        }
        lines.append("""
        done = function(summary, latency, requests)
          local e = summary.errors
          io.write(string.format("\(marker) requests=%d duration_us=%d status_errors=%d socket_errors=%d p50_us=%.0f p99_us=%.0f\\n",
            summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
            latency:percentile(50.0), latency:percentile(99.0)))
        end
        """)
        return lines.joined(separator: "\n") + "\n"
    }

    static func parse(_ output: String) -> Result? {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix(marker) }) else { return nil }
        var fields: [String: Double] = [:]
        for pair in line.split(separator: " ").dropFirst() {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let value = Double(parts[1]) { fields[String(parts[0])] = value }
        }
        guard let requests = fields["requests"], let duration = fields["duration_us"], let p50 = fields["p50_us"],
            let p99 = fields["p99_us"]
        else { return nil }
        return Result(
            requests: Int(requests), durationSeconds: duration / 1e6, p50Seconds: p50 / 1e6, p99Seconds: p99 / 1e6,
            statusErrors: Int(fields["status_errors"] ?? 0), socketErrors: Int(fields["socket_errors"] ?? 0)
        )
    }

    private static func luaString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
