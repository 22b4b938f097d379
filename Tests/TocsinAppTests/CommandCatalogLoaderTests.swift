import Foundation
import Testing
import TocsinApp
import TocsinCore
import TocsinTestSupport

@Suite struct CommandCatalogLoaderTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theShippedDefinitionsMatchTheParser() throws {
        let catalog = try CommandCatalogLoader.load(path: Self.repository.appendingPathComponent("commands/incident.yml").path)
        #expect(catalog.command == "/incident")
        #expect(Set(catalog.subcommands.map(\.name)) == CommandParser.knownSubcommands)
        #expect(catalog.subcommand(named: "declare")?.usage == "declare [--drill] [SEVn] [service] <title>")
    }

    /// Issue #15: `/incident help <name>` shows an example for every subcommand, and each example parses.
    @Test func everyShippedSubcommandHasAnExampleThatParses() throws {
        let catalog = try CommandCatalogLoader.load(path: Self.repository.appendingPathComponent("commands/incident.yml").path)
        let parser = CommandParser(catalog: catalog, configuration: Example.configuration)
        for spec in catalog.subcommands {
            let example = try #require(spec.example, "\(spec.name) has no example")
            let invocation = parser.invocation(RichText(example.replacingOccurrences(of: "@dana", with: "U0DANA")))
            #expect((try? invocation.get())?.subcommand == spec.name, "\(example)")
        }
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

    /// The shipped definitions with `edit` applied to their text.
    static func shipped(_ edit: (String) -> String) throws -> String {
        edit(try String(contentsOf: repository.appendingPathComponent("commands/incident.yml"), encoding: .utf8))
    }

    static func problems(_ yaml: String) -> [String] {
        do {
            _ = try CommandCatalogLoader.parse(yaml, source: "c.yml")
            return []
        } catch {
            return error.problems.map(\.message)
        }
    }

    @Test func aScopeThatDisagreesWithTheImplementationStopsTheStart() throws {
        let yaml = try Self.shipped {
            $0.replacingOccurrences(of: "pinning it captures it too)\"\n    scope: incident", with: "pinning it captures it too)\"\n    scope: anywhere")
        }
        #expect(Self.problems(yaml) == [
            "subcommand `note` has `scope: anywhere`, but this version runs it only inside an incident channel; write `scope: incident`",
        ])
    }

    @Test func aSubcommandDefinedTwiceOrNotAtAllIsNamed() throws {
        let twice = try Self.shipped { $0 + "  - name: list\n    usage: list\n    summary: again\n    scope: anywhere\n" }
        #expect(Self.problems(twice) == ["subcommand `list` is defined twice; keep one"])
        let missing = try Self.shipped { $0.replacingOccurrences(of: "  - name: rings\n", with: "  - name: ringz\n") }
        #expect(Self.problems(missing) == [
            "subcommand `rings` is understood by this version but not defined; add it to `subcommands`",
            "subcommand `ringz` is defined but this version does not implement it",
        ])
    }
}
