import Foundation
import Testing
import TocsinApp
import TocsinSandbox

/// Issue #12: `--log-format json` writes one JSON object per line, with the metadata a log pipeline
/// filters on; a failed delivery says why.
@Suite struct JSONLogTests {
    @Test func theLogsOfAScriptedIncidentParseLineByLine() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-json-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("tocsin.yml").path
        try DefaultConfiguration.yaml.write(toFile: config, atomically: true, encoding: .utf8)
        try await Harness.withSandbox { harness in
            let bot = try await BotProcess.launch(
                apiURL: "http://127.0.0.1:\(harness.sandboxPort)/api/", database: directory.appendingPathComponent("j.sqlite").path, config: config,
                logLevel: "debug", arguments: ["--log-format", "json"]
            )
            #expect(try await bot.command("declare SEV1 checkout Card payments failing") == 200)
            #expect(await DeclareFlowTests.waitForDelivery(harness))
            #expect(try await bot.command("frobnicate") == 200, "a rejected command is logged with the command and the reason")
            bot.stop()

            var objects: [[String: Any]] = []
            for line in bot.everythingPrinted.split(separator: "\n") {
                let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                #expect(object != nil, "not a JSON object: \(line)")
                if let object { objects.append(object) }
            }
            for object in objects {
                for key in ["timestamp", "level", "label", "message"] { #expect(object[key] is String, "\(key) missing in \(object)") }
            }
            let keys = Set(objects.flatMap(\.keys))
            for key in ["incident_id", "outbox_id", "slack_method", "command", "reason"] { #expect(keys.contains(key), "no line has \(key)") }
            #expect(objects.contains { $0["message"] as? String == "incident declared" && $0["incident_id"] as? String == "1" })
            #expect(!bot.everythingPrinted.contains(Harness.signingSecret), "no secret in the logs")
        }
    }
}
