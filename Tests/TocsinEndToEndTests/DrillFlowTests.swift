import Foundation
import Testing
import TocsinApp
import TocsinSandbox

/// Issue #15: drills end to end against the sandbox workspace. A drill declared by slash command runs the
/// whole flow without reaching a real ring, every post marked as a drill; `tocsin drill` plays its script to
/// the end while the bot on the same database delivers it.
@Suite struct DrillFlowTests {
    static let realRings = ["payments", "incidents", "exec-incidents"]

    /// Every message (threads included) in the channel named `name`; none when there is no such channel.
    static func messages(_ workspace: SandboxWorkspace, _ name: String) async -> [SandboxMessage] {
        guard let channel = await workspace.channel(named: name) else { return [] }
        return await workspace.messages(inChannel: channel.id)
    }

    @Test func aDrillDeclaredBySlashCommandNeverReachesTheRealRings() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            let channelName = "inc-1-drill-checkout-card-payments-failing"
            try await harness.withBot { bot in
                let declared = try await bot.command("declare --drill SEV1 checkout Card payments failing", user: "U01PAYLEAD")
                #expect(declared.text.hasPrefix("[DRILL] Declared drill #1, SEV1 on checkout (tier 1): Card payments failing."), "\(declared.text)")
                #expect(declared.text.contains("Only #incident-drills is told, and nobody is paged."))
                #expect(await harness.eventually { workspace in
                    guard let channel = await workspace.channel(named: channelName) else { return false }
                    let own = await workspace.messages(inChannel: channel.id)
                    let drills = await Self.messages(workspace, "incident-drills")
                    return !own.isEmpty && !drills.isEmpty
                })
                let channel = try #require(await workspace.channel(named: channelName))
                // Responders are invited as for a real incident (the user group expanded).
                #expect(await harness.eventually { await $0.channel(id: channel.id)?.members.contains("U03ONCALL2") == true })
                #expect(Set(try #require(await workspace.channel(id: channel.id)).members).isSuperset(of: ["U01PAYLEAD", "U02ONCALL1", "U03ONCALL2"]))
                #expect(await workspace.channel(id: channel.id)?.topic == "[DRILL] SEV1 · declared · Card payments failing")

                _ = try await bot.command("checkin", user: "U02ONCALL1", channel: channel.id)
                let status = try await bot.command("status identified Bad deploy, rolling back", user: "U01PAYLEAD", channel: channel.id)
                #expect(status.text == "Status update posted for #1 (identified); every informed ring gets it.")
                _ = try await bot.command("severity SEV0", user: "U01PAYLEAD", channel: channel.id)
                _ = try await bot.command("resolve Practice over", user: "U01PAYLEAD", channel: channel.id)
                #expect(await harness.eventually(timeout: .seconds(20)) { workspace in
                    let drills = await Self.messages(workspace, "incident-drills")
                    let own = await Self.messages(workspace, channelName)
                    return drills.contains { $0.text.contains("*Resolved* after") && $0.threadTS != nil }
                        && drills.first?.text.contains(":white_check_mark:") == true
                        && own.contains { $0.text.contains("resolved* by") }
                })
                #expect(await workspace.channel(id: channel.id)?.topic == "[DRILL] SEV0 · resolved · Card payments failing")
                #expect(try await bot.command("list").text.hasPrefix("No active incidents"))
            }
            // The real rings heard nothing, every post says it is a drill, and the drill channel has one root.
            for ring in Self.realRings {
                #expect(await Self.messages(workspace, ring).isEmpty, "#\(ring) heard of the drill")
            }
            let posts = await Self.messages(workspace, channelName) + Self.messages(workspace, "incident-drills")
            #expect(posts.count >= 9)
            for post in posts {
                #expect(post.text.hasPrefix("*[DRILL]*"), "\(post.text)")
                #expect(post.visibleText.contains("[DRILL]"), "\(post.visibleText)")
            }
            let drills = await Self.messages(workspace, "incident-drills")
            #expect(drills.filter { $0.threadTS == nil }.count == 1)
        }
    }

    /// The declare form's drill choice declares a drill, through `views.open` and a signed `view_submission`.
    @Test func theDeclareFormsDrillChoiceDeclaresADrill() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            try await harness.withBot { bot in
                try await harness.withConsole(to: bot) { console in
                    _ = try await console.type("/incident declare", as: "priya", in: "general")
                    let view = try #require(await workspace.openedViews().last)
                    #expect(view.blocksJSON.contains(#""block_id":"drill""#), "\(view.blocksJSON)")
                    let submitted = try await console.send("view", ["view_id": view.id, "values": [
                        "title": "Card payments failing", "severity": "SEV1", "service": "checkout", "drill": "drill",
                    ]])
                    #expect(submitted["closed"] as? Bool == true, "\(submitted)")
                }
                #expect(await harness.eventually { await !Self.messages($0, "incident-drills").isEmpty })
                let channel = try #require(await workspace.channel(named: "inc-1-drill-checkout-card-payments-failing"))
                #expect(await workspace.channel(id: channel.id)?.topic == "[DRILL] SEV1 · declared · Card payments failing")
            }
            for ring in Self.realRings {
                #expect(await Self.messages(workspace, ring).isEmpty, "#\(ring) heard of the drill")
            }
        }
    }

    @Test func tocsinDrillPlaysItsScriptToTheEndWhileTheBotDeliversIt() async throws {
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-drill-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let config = directory.appendingPathComponent("tocsin.yml").path
            try DefaultConfiguration.yaml.write(toFile: config, atomically: true, encoding: .utf8)
            let channelName = "inc-1-drill-checkout-practice-checkout-error-rate-above-5"
            try await harness.withBot { _ in
                let run = try await CommandLineTests.runOffThePool([
                    "drill", "--service", "checkout", "--severity", "SEV1", "--pace", "0", "--wait", "30",
                    "--database", harness.databasePath, "--config", config,
                ])
                #expect(run.status == 0, "\(run.output)\n\(run.errors)")
                let lines = run.output.split(separator: "\n").map(String.init)
                #expect(lines.first?.hasSuffix("[DRILL] drill #1 declared, SEV1 on checkout: Practice: checkout error rate above 5 %; commander U01PAYLEAD; told #incident-drills; nobody paged") == true, "\(run.output)")
                #expect(lines.contains { $0.hasSuffix("script over: the commander is asked to resolve the drill") })
                #expect(lines.last == "Delivered: 14 messages and calls. The drill stays open until the team resolves it.", "\(run.output)")
            }
            // The script's events, in order, each marked; the drill channel's root and the status in its thread.
            let texts = await Self.messages(workspace, channelName).map(\.text)
            #expect(texts.count == 5, "\(texts)")
            #expect(texts.allSatisfy { $0.hasPrefix("*[DRILL]*") }, "\(texts)")
            #expect(texts.dropFirst().first?.contains("DrillCheckoutErrorRate") == true, "\(texts)")
            #expect(texts.contains { $0.contains("Drill step: check in.") })
            #expect(texts.last?.contains("Drill script over.") == true)
            let drills = await Self.messages(workspace, "incident-drills")
            #expect(drills.count == 2 && drills.allSatisfy { $0.text.hasPrefix("*[DRILL]*") }, "\(drills.map(\.text))")
            for ring in Self.realRings {
                #expect(await Self.messages(workspace, ring).isEmpty, "#\(ring) heard of the drill")
            }
        }
    }
}
