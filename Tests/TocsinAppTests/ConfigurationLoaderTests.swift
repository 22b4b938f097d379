import Testing
import TocsinApp
import TocsinCore

@Suite struct ConfigurationLoaderTests {
    @Test func theEmbeddedDefaultIsTheDesignsExample() throws {
        let loaded = try ConfigurationLoader.parse(DefaultConfiguration.yaml)
        let configuration = loaded.configuration
        #expect(configuration.severities.map(\.name) == ["SEV0", "SEV1", "SEV2"])
        #expect(configuration.severity(named: "SEV0")?.updateEvery.seconds == 900)
        #expect(configuration.severity(named: "sev1")?.checkInWithin.seconds == 1800)
        #expect(configuration.service(named: "checkout")?.responders == [.user("U01PAYLEAD"), .group(handle: "payments-oncall")])
        #expect(configuration.rings.executives == ["SEV0": [1, 2, 3], "SEV1": [1]])
        #expect(configuration.rings.company == ["SEV0": [1, 2, 3], "SEV1": [1, 2]])
        #expect(configuration.rings.stakeholders["SEV2"] == [1, 2])
        #expect(configuration.slack.execChannel == "exec-incidents")
        #expect(loaded.templatesDirectory == "templates")
    }

    private func problems(_ yaml: String) -> [ConfigProblem] {
        do {
            _ = try ConfigurationLoader.parse(yaml)
            return []
        } catch {
            return error.problems
        }
    }

    private let minimal = """
    severities:
      - name: SEV1
        update_every: 30m
        check_in_within: 30m
      - name: SEV2
        update_every: 1h
        check_in_within: 1h
    """

    @Test func anUnknownKeyIsNamedWithItsLine() {
        let found = problems(minimal + "\nslack:\n  exec_chanel: exec\n")
        #expect(found.count == 1)
        #expect(found.first?.line == 9)
        #expect(found.first?.message.contains("unknown key `slack.exec_chanel`") == true)
    }

    @Test func aRingNamingAnUnknownSeverityIsReported() {
        let found = problems(minimal + "\nrings:\n  executives: { SEV7: [1] }\n")
        #expect(found.map(\.line) == [9])
        #expect(found.first?.message.contains("severity `SEV7`") == true)
    }

    @Test func duplicateServicesAreReported() {
        let yaml = minimal + """

        services:
          - name: checkout
            tier: 1
          - name: checkout
            tier: 2
        """
        let found = problems(yaml)
        #expect(found.map(\.line) == [11])
        #expect(found.first?.message == "service `checkout` is listed twice")
    }

    @Test func badDurationsAreReported() {
        let found = problems("""
        severities:
          - name: SEV1
            update_every: soon
            check_in_within: 30m
        slack:
          default_severity: SEV1
        """)
        #expect(found.map(\.line) == [3])
        #expect(found.first?.message.contains("must be a duration like 90s, 15m or 2h, not `soon`") == true)
    }

    @Test func aSeverityNameMustBeOneWord() {
        let found = problems("""
        severities:
          - name: "SEV 1"
            update_every: 30m
            check_in_within: 30m
          - name: SEV2
            update_every: 1h
            check_in_within: 1h
        slack:
          default_severity: SEV2
        """)
        #expect(found.map(\.line) == [2])
        #expect(found.first?.message == "`severities[0].name` is `SEV 1`; a severity name is one word of at most 32 characters, like SEV1")
    }

    /// Issue #10: `106751991167301d` crashed `check-config` (overflow) and `9223372036854775807s` crashed `serve`.
    @Test(arguments: ["106751991167301d", "9223372036854775807s", "99999999999999999999999h", "366d", "8761h"])
    func hugeDurationsAreRefusedWithTheLimit(written: String) {
        let found = problems("""
        severities:
          - name: SEV1
            update_every: \(written)
            check_in_within: 30m
        slack:
          default_severity: SEV1
        """)
        #expect(found.map(\.line) == [3])
        #expect(found.first?.message == "`severities[0].update_every` must be at most 365d (a year), not `\(written)`")
    }

    @Test func theLongestDurationIsAccepted() throws {
        #expect(ConfigDuration(parsing: "365d")?.seconds == 31_536_000)
        #expect(ConfigDuration(parsing: "-5m") == nil && ConfigDuration(parsing: "0s") == nil && ConfigDuration(parsing: "+5m") == nil)
    }

    @Test(arguments: [
        ("tier: 9223372036854775807", "`services[0].tier` must be between 1 and 100, not 9223372036854775807"),
        ("tier: 99999999999999999999", "`services[0].tier` must be between 1 and 100, not 99999999999999999999"),
        ("tier: 0", "`services[0].tier` must be between 1 and 100, not 0"),
        ("tier: 1.5", "`services[0].tier` must be a whole number, not `1.5`"),
    ])
    func tiersAreBounded(line: String, message: String) {
        let found = problems("""
        severities:
          - name: SEV1
            update_every: 30m
            check_in_within: 30m
        slack:
          default_severity: SEV1
        services:
          - name: checkout
            \(line)
        """)
        #expect(found.map(\.message).contains(message), "\(found)")
    }

    @Test func everyProblemIsListedNotJustTheFirst() {
        let yaml = """
        slack:
          default_severity: SEV9
          bogus: 1
        severities:
          - name: SEV1
            update_every: 30m
            check_in_within: 30m
          - name: SEV2
            update_every: 30
            check_in_within: 1h
        services:
          - name: a
            tier: 0
            depends_on: [ghost]
        rings:
          company: { SEV1: [1, 7] }
        """
        let found = problems(yaml)
        #expect(found.count == 6)
        #expect(Set(found.compactMap(\.line)) == [2, 3, 9, 13, 14, 16])
    }

    @Test func dependencyCyclesAreReported() {
        let yaml = minimal + """

        slack:
          default_severity: SEV1
        services:
          - name: a
            tier: 1
            depends_on: [b]
          - name: b
            tier: 2
            depends_on: [a]
        """
        let found = problems(yaml)
        #expect(found.count == 1)
        #expect(found.first?.message.contains("a → b → a") == true)
    }

    @Test func invalidYAMLIsAnErrorWithALine() {
        let found = problems("severities: [\n  - name")
        #expect(found.count == 1)
        #expect(found.first?.message.hasPrefix("not valid YAML") == true)
        #expect(found.first?.line != nil)
    }

    @Test func theDescriptionNamesTheFileAndLine() {
        do {
            _ = try ConfigurationLoader.parse(minimal + "\nwhat: 1\n", source: "prod.yml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("prod.yml: line 8: unknown key `what`"))
        }
    }
}

@Suite struct TrackerAndCaptureConfigurationTests {
    @Test func aTrackerAndCaptureSettingsAreRead() throws {
        let yaml = DefaultConfiguration.yaml + """
        tracker:
          base_url: https://acme.atlassian.net
          project_key: OPS
        capture:
          emoji: ":star:"
          evidence_hosts: [grafana, Honeycomb.io]

        """
        let configuration = try ConfigurationLoader.parse(yaml).configuration
        #expect(configuration.tracker == TrackerSettings(baseURL: "https://acme.atlassian.net", projectKey: "OPS", issueType: "Task"))
        #expect(configuration.capture.emoji == "star")
        #expect(configuration.capture.evidenceHosts == ["grafana", "honeycomb.io"])
        #expect(configuration.capture.acknowledgement == "white_check_mark")
        #expect(try ConfigurationLoader.parse(DefaultConfiguration.yaml).configuration.tracker == nil)
    }

    @Test func aBadTrackerIsReportedWithItsLines() {
        let yaml = DefaultConfiguration.yaml + "tracker:\n  kind: trello\n  base_url: not a url\n"
        do {
            _ = try ConfigurationLoader.parse(yaml)
            Issue.record("expected problems")
        } catch {
            let messages = error.problems.map(\.message)
            #expect(messages.contains { $0.contains("`tracker.kind` must be `jira`") })
            #expect(messages.contains { $0.contains("`tracker.project_key` is required") })
            #expect(messages.contains { $0.contains("`tracker.base_url` must be a URL") })
        }
    }
}

@Suite struct PermissionsConfigurationTests {
    @Test func theDefaultsApplyWhenPermissionsAreLeftOut() throws {
        let configuration = try ConfigurationLoader.parse(DefaultConfiguration.yaml).configuration
        #expect(configuration.permissions == PermissionPolicy(changeIncident: [.commander, .comms, .responders, .checkedIn], also: []))
    }

    @Test func permissionsAreRead() throws {
        let yaml = DefaultConfiguration.yaml + """
        permissions:
          change_incident: [commander, checked_in]
          also: [U0INCMGR, "@incident-managers"]

        """
        let configuration = try ConfigurationLoader.parse(yaml).configuration
        #expect(configuration.permissions.changeIncident == [.commander, .checkedIn])
        #expect(configuration.permissions.also == [.user("U0INCMGR"), .group(handle: "incident-managers")])
    }

    @Test func badPermissionsAreReportedWithTheirLines() {
        let yaml = DefaultConfiguration.yaml + "permissions:\n  change_incident: [commander, everyone]\n  also: [\"bob smith\"]\n  admins: [U1]\n"
        let firstLine = DefaultConfiguration.yaml.split(separator: "\n", omittingEmptySubsequences: false).count
        do {
            _ = try ConfigurationLoader.parse(yaml)
            Issue.record("expected problems")
        } catch {
            let problems = error.problems
            #expect(problems.contains { $0.message.contains("`permissions.change_incident` lists `everyone`") && $0.line == firstLine + 1 })
            #expect(problems.contains { $0.message.contains("`permissions.also` lists `bob smith`") && $0.line == firstLine + 2 })
            #expect(problems.contains { $0.message.contains("unknown key `permissions.admins`") && $0.line == firstLine + 3 })
        }
    }
}
