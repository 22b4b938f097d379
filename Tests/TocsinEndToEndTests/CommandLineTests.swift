import Foundation
import Testing
import TocsinApp
import TocsinSlack
import TocsinTestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The `tocsin` executable itself: refusing to start, `check-config`, `manifest`, and `serve` with a graceful stop.
@Suite struct CommandLineTests {
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tocsin").path
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-cli-\(UUID().uuidString)")

    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    private func write(_ yaml: String, as name: String = "tocsin.yml") throws -> String {
        let path = directory.appendingPathComponent(name).path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func process(_ arguments: [String], environment: [String: String]) -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.currentDirectoryURL = Harness.repository
        var env = ProcessInfo.processInfo.environment
        env["SLACK_BOT_TOKEN"] = nil
        env["SLACK_SIGNING_SECRET"] = nil
        env["TOCSIN_SLACK_API_URL"] = nil
        env.merge(environment) { _, new in new }
        process.environment = env
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        return (process, output, errors)
    }

    private func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        try Self.run(arguments, environment: environment)
    }

    /// `run` on a thread of its own, for a child that talks to a sandbox in this process: waiting for it on
    /// the (two-thread) cooperative pool could leave the sandbox no thread to answer on.
    static func runOffThePool(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 120) async throws -> Run {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try run(arguments, environment: environment, timeout: timeout) })
            }.start()
        }
    }

    /// Runs `tocsin` with `arguments` from the repository root and collects what it printed; a run still
    /// going after `timeout` seconds is killed (its status then says so), so a test never hangs on it.
    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 120) throws -> Run {
        let (process, output, errors) = process(arguments, environment: environment)
        try ProcessLaunch.run(process)
        let watchdog = Thread { [process] in
            Thread.sleep(forTimeInterval: timeout)
            if process.isRunning { process.interrupt(); Thread.sleep(forTimeInterval: 2); if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        }
        watchdog.start()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), errors: String(decoding: err, as: UTF8.self))
    }

    @Test func serveRefusesToStartWithoutItsSecrets() throws {
        let config = try write(DefaultConfiguration.yaml)
        let noToken = try run(["serve", "--config", config])
        #expect(noToken.status != 0)
        #expect(noToken.errors.contains("SLACK_BOT_TOKEN is not set"))
        let noSecret = try run(["serve", "--config", config], environment: ["SLACK_BOT_TOKEN": "xoxb-1"])
        #expect(noSecret.status != 0)
        #expect(noSecret.errors.contains("SLACK_SIGNING_SECRET is not set"))
    }

    @Test func serveRefusesATrackerWithoutItsToken() throws {
        let config = try write(DefaultConfiguration.yaml + "tracker:\n  base_url: https://acme.atlassian.net\n  project_key: OPS\n")
        let result = try run(["serve", "--config", config], environment: ["SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"])
        #expect(result.status != 0)
        #expect(result.errors.contains("TOCSIN_JIRA_TOKEN is not set"))
    }

    @Test func serveRefusesAnInvalidConfigurationNamingKeyAndLine() throws {
        let config = try write(DefaultConfiguration.yaml.replacingOccurrences(of: "  exec_channel: exec-incidents", with: "  exec_chanel: exec-incidents"))
        let result = try run(["serve", "--config", config], environment: ["SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"])
        #expect(result.status != 0)
        #expect(result.errors.contains("line 5: unknown key `slack.exec_chanel`"))
    }

    @Test func checkConfigListsEveryProblemAndExitsNonZero() throws {
        let bad = try write("""
        slack:
          default_severity: SEV1
        severities:
          - name: SEV1
            update_every: often
            check_in_within: 5m
          - name: SEV1
            update_every: 1h
            check_in_within: 1h
        services:
          - name: checkout
            tier: 1
            depends_on: [payments-api]
        rings:
          executives: { SEV3: [1] }
        """, as: "bad.yml")
        let result = try run(["check-config", "--config", bad])
        #expect(result.status == 1)
        #expect(result.output.contains("line 5: `severities[0].update_every` must be a duration"))
        #expect(result.output.contains("line 7: severity `SEV1` is listed twice"))
        #expect(result.output.contains("line 13: `services[0].depends_on` names `payments-api`"))
        #expect(result.output.contains("line 15: `rings.executives` names severity `SEV3`"))

        let good = try run(["check-config", "--config", try write(DefaultConfiguration.yaml)])
        #expect(good.status == 0)
        #expect(good.output.contains("is valid: 3 severities (SEV0, SEV1, SEV2), 4 services"))
    }

    /// Issue #10: these durations crashed `check-config` (overflow) or passed it and then crashed `serve`.
    @Test func checkConfigRefusesHugeDurationsWithoutCrashing() throws {
        for written in ["106751991167301d", "9223372036854775807s"] {
            let config = try write(DefaultConfiguration.yaml.replacingOccurrences(of: "update_every: 15m", with: "update_every: \(written)"), as: "huge.yml")
            let result = try run(["check-config", "--config", config])
            #expect(result.status == 1, "\(result.errors)")
            #expect(result.output.contains("`severities[0].update_every` must be at most 365d (a year), not `\(written)`"), "\(result.output)")
        }
    }

    /// Issue #10: a `templates_dir` (or `commands_file`) that does not exist passed `check-config`, then `serve` refused.
    @Test func checkConfigReportsAMissingTemplatesDirectoryOrCommandsFileWithItsLine() throws {
        let lines = DefaultConfiguration.yaml.split(separator: "\n", omittingEmptySubsequences: false).count
        let templates = try write(DefaultConfiguration.yaml + "\ntemplates_dir: no-such-templates\n", as: "templates.yml")
        let result = try run(["check-config", "--config", templates])
        #expect(result.status == 1, "\(result.errors)")
        #expect(result.output.contains("line \(lines + 1): `templates_dir` is `no-such-templates`, which is not a directory"), "\(result.output)")

        let commands = try write(DefaultConfiguration.yaml + "\ncommands_file: commands/no-such.yml\n", as: "commands.yml")
        let missing = try run(["check-config", "--config", commands])
        #expect(missing.status == 1, "\(missing.errors)")
        #expect(missing.output.contains("line \(lines + 1): `commands_file` is `commands/no-such.yml`, which is not a file"), "\(missing.output)")
    }

    @Test func theManifestPointsSlackAtTheRoutes() throws {
        let result = try run(["manifest", "--url", "https://tocsin.example.org/"])
        #expect(result.status == 0)
        for line in [
            "    - command: /incident", "      url: https://tocsin.example.org/slack/commands",
            "    request_url: https://tocsin.example.org/slack/events", "    request_url: https://tocsin.example.org/slack/interactions",
            "      - chat:write", "      - channels:manage", "      - usergroups:read",
            "      usage_hint: \"declare [SEVn] [service] <title> | status <state> <text> | severity SEVn | resolve | help\"",
        ] {
            #expect(result.output.contains(line), "manifest lacks \(line)")
        }
        // The scopes and events are exactly those the client's methods and the handled events need.
        for scope in SlackAppPermissions.botScopes { #expect(result.output.contains("      - \(scope)\n"), "manifest lacks \(scope)") }
        for event in SlackAppPermissions.botEvents { #expect(result.output.contains("      - \(event)\n"), "manifest lacks \(event)") }
        for unused in ["chat:write.public", "pins:write", "bookmarks:write", "users:read\n", "groups:write"] {
            #expect(!result.output.contains(unused), "manifest still asks for \(unused)")
        }
        #expect(result.output.contains(Self.shortcuts))
    }

    /// The manifest's shortcuts (issue #15): names within the schema's 24 characters, callback ids the bot routes.
    static let shortcuts = """
          shortcuts:
            - name: "Declare incident"
              type: global
              callback_id: declare_incident
              description: "Open the form to declare an incident"
            - name: "Declare from message"
              type: message
              callback_id: declare_incident_from_message
              description: "Declare incident from this message: it becomes the description and the first timeline entry"

        """

    @Test func serveAnswersHealthChecksAndStopsOnSIGTERM() async throws {
        let config = try write(DefaultConfiguration.yaml)
        let database = directory.appendingPathComponent("serve.sqlite").path
        let bot = try await BotProcess.launch(apiURL: "http://127.0.0.1:9/api/", database: database, config: config)
        #expect(bot.log.contains("api_url=http://127.0.0.1:9/api/"))
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(bot.port)/healthz")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self) == "ok\n")

        bot.process.terminate()  // SIGTERM
        #expect(await eventually { !bot.process.isRunning })
        #expect(bot.process.terminationReason == .exit)
        #expect(bot.process.terminationStatus == 0)
    }
}
