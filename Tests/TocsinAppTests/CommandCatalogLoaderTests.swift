import Foundation
import Testing
import TocsinApp
import TocsinCore

@Suite struct CommandCatalogLoaderTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theShippedDefinitionsMatchTheParser() throws {
        let catalog = try CommandCatalogLoader.load(path: Self.repository.appendingPathComponent("commands/incident.yml").path)
        #expect(catalog.command == "/incident")
        #expect(Set(catalog.subcommands.map(\.name)) == CommandParser.knownSubcommands)
        #expect(catalog.subcommand(named: "declare")?.usage == "declare [SEVn] [service] <title>")
    }

    @Test func aSubcommandThisVersionLacksIsRefused() {
        let yaml = """
        command: /incident
        description: d
        usage_hint: h
        subcommands:
          - { name: declare, usage: declare, summary: s, scope: anywhere }
          - { name: checkin, usage: checkin, summary: s, scope: incident }
          - { name: list, usage: list, summary: s, scope: anywhere }
          - { name: help, usage: help, summary: s, scope: anywhere }
          - { name: teleport, usage: teleport, summary: s, scope: nowhere }
        """
        #expect(throws: ConfigError.self) { try CommandCatalogLoader.parse(yaml, source: "c.yml") }
        do {
            _ = try CommandCatalogLoader.parse(yaml, source: "c.yml")
        } catch {
            let messages = error.problems.map(\.message)
            #expect(messages.contains { $0.contains("`subcommands[4].scope` must be") })
        }
    }
}
