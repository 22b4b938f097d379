import ArgumentParser
import TocsinServer

/// The `tocsin` command: the bot, its sandbox, and the tools around them.
@main
struct Tocsin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tocsin",
        abstract: "A chat-ops incident bot for Slack-style workspaces.",
        version: BuildVersion.version,
        subcommands: [Serve.self, Sandbox.self, CheckConfig.self, Rings.self, Postmortem.self, KPIs.self, SLOReport.self, Drill.self, Manifest.self]
    )
}
