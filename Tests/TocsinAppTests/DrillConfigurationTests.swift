import Testing
import TocsinApp
import TocsinCore

/// Issue #15: `drills: { channel: … }` as `check-config` reads it.
@Suite struct DrillConfigurationTests {
    private func problems(_ yaml: String) -> [String] {
        do {
            _ = try ConfigurationLoader.parse(yaml)
            return []
        } catch {
            return error.problems.map { "\($0.line.map { "line \($0): " } ?? "")\($0.message)" }
        }
    }

    @Test func theDrillChannelIsReadAndOptional() throws {
        #expect(try ConfigurationLoader.parse(DefaultConfiguration.yaml).configuration.drills == DrillSettings(channel: "incident-drills"))
        let without = DefaultConfiguration.yaml.replacingOccurrences(of: "drills:\n  channel: incident-drills\n", with: "")
        #expect(try ConfigurationLoader.parse(without).configuration.drills == DrillSettings())
    }

    @Test(arguments: [
        ("drills: { channel: Drills! }", "`drills.channel` `Drills!` is not a valid channel name: use lowercase letters, digits, `-` and `_`, at most 80 characters"),
        ("drills: { channel: exec-incidents }", "`drills.channel` `exec-incidents` is a real ring's channel (slack.exec_channel); give drills a channel of their own, e.g. incident-drills"),
        ("drills: { channel: payments }", "`drills.channel` `payments` is a real ring's channel (the stakeholders_channel of checkout); give drills a channel of their own, e.g. incident-drills"),
        ("drills: { room: drills }", "unknown key `drills.room`; expected one of: channel"),
    ])
    func aDrillChannelThatIsARingOrNoChannelIsRefused(line: String, problem: String) throws {
        let yaml = DefaultConfiguration.yaml.replacingOccurrences(of: "drills:\n  channel: incident-drills\n", with: line + "\n")
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let number = try #require(lines.firstIndex { $0 == line }) + 1
        #expect(problems(yaml) == ["line \(number): \(problem)"])
    }
}
