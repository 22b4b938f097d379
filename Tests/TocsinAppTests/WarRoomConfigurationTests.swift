import Testing
import TocsinApp
import TocsinCore

/// `executives:` and `archive_after:` as `check-config` reads them: refused with their lines when wrong.
@Suite struct WarRoomConfigurationTests {
    private let minimal = """
    severities:
      - name: SEV1
        update_every: 30m
        check_in_within: 30m
    slack:
      default_severity: SEV1

    """

    private func problems(_ yaml: String) -> [ConfigProblem] {
        do {
            _ = try ConfigurationLoader.parse(yaml)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func executivesAndTheArchiveDelayAreRead() throws {
        let configuration = try ConfigurationLoader.parse(minimal + "executives: [U05EXEC, \"@exec-team\", U05EXEC]\narchive_after: 7d\n").configuration
        #expect(configuration.executives == [.user("U05EXEC"), .group(handle: "exec-team")], "each once")
        #expect(configuration.archiveAfter == ConfigDuration(seconds: 7 * 86_400))
    }

    @Test func bothAreOffByDefault() throws {
        let configuration = try ConfigurationLoader.parse(minimal).configuration
        #expect(configuration.executives.isEmpty)
        #expect(configuration.archiveAfter == nil)
        #expect(try ConfigurationLoader.parse(DefaultConfiguration.yaml).configuration.executives == [.user("U05EXEC")])
    }

    @Test(arguments: ["u05exec", "@", "@exec team", "U05 EXEC"])
    func aBadExecutiveIsRefusedWithItsLine(written: String) {
        let found = problems(minimal + "executives:\n  - \"\(written)\"\n")
        #expect(found.map(\.line) == [8])
        #expect(found.first?.message == "`executives` lists `\(written)`; give a user id like U0CTO or a user group like \"@exec-team\"")
    }

    @Test func executivesMustBeAList() {
        #expect(problems(minimal + "executives: U05EXEC\n").map(\.line) == [7])
    }

    @Test(arguments: [
        ("7 days", "`archive_after` must be a duration like 90s, 15m or 2h, not `7 days`"),
        ("0d", "`archive_after` must be a duration like 90s, 15m or 2h, not `0d`"),
        ("366d", "`archive_after` must be at most 365d (a year), not `366d`"),
        ("99999999999999999999999d", "`archive_after` must be at most 365d (a year), not `99999999999999999999999d`"),
        ("106751991167301d", "`archive_after` must be at most 365d (a year), not `106751991167301d`"),
    ])
    func aBadArchiveDelayIsRefusedWithItsLine(written: String, message: String) {
        let found = problems(minimal + "archive_after: \(written)\n")
        #expect(found.map(\.line) == [7])
        #expect(found.first?.message == message)
    }
}
