import Testing
import TocsinApp
import TocsinCore

/// `alerts:`, `paging:` and a service's `pagerduty:` / `opsgenie:` as `check-config` reads them.
@Suite struct AlertConfigurationTests {
    private let base = """
    severities:
      - name: SEV0
        update_every: 15m
        check_in_within: 5m
      - name: SEV1
        update_every: 30m
        check_in_within: 30m
      - name: SEV2
        update_every: 1h
        check_in_within: 1h
    services:
      - name: checkout
        tier: 1
        pagerduty: { routing_key_env: PD_CHECKOUT_KEY }
      - name: search
        tier: 2
        opsgenie: { api_key_env: OPSGENIE_SEARCH_KEY }

    """

    private func problems(_ yaml: String) -> [String] {
        do {
            _ = try ConfigurationLoader.parse(yaml)
            return []
        } catch {
            return error.problems.map { "\($0.line.map { "line \($0): " } ?? "")\($0.message)" }
        }
    }

    @Test func theIssuesExampleIsReadWithDefaultsForWhatIsLeftOut() throws {
        let configuration = try ConfigurationLoader.parse(base + """
        alerts:
          service_label: service
          severity_label: severity
          severities: { critical: SEV1, page: SEV1, warning: SEV2 }
          declare: [SEV0, SEV1]
        paging:
          page_at: [SEV0]
          pagerduty_url: http://127.0.0.1:9999/
        """).configuration
        #expect(configuration.alerts == AlertSettings(severities: ["critical": "SEV1", "page": "SEV1", "warning": "SEV2"], declare: ["SEV0", "SEV1"]))
        #expect(configuration.paging == PagingSettings(pageAt: ["SEV0"], pagerDutyURL: "http://127.0.0.1:9999"))
        #expect(configuration.service(named: "checkout")?.pager == .pagerDuty(routingKeyEnv: "PD_CHECKOUT_KEY"))
        #expect(configuration.service(named: "search")?.pager == .opsgenie(apiKeyEnv: "OPSGENIE_SEARCH_KEY"))
        #expect(configuration.severity(forAlertLabel: "Critical") == "SEV1")
        #expect(configuration.severity(forAlertLabel: "sev2") == "SEV2", "a configured severity's own name maps to it")

        let defaults = try ConfigurationLoader.parse(base).configuration
        #expect(defaults.declaringAlertSeverities == ["SEV0", "SEV1"])
        #expect(defaults.pagingSeverities == ["SEV0", "SEV1"])
        #expect(defaults.paging.pagerDutyURL == "https://events.pagerduty.com")
        #expect(defaults.paging.opsgenieURL == "https://api.opsgenie.com")
    }

    @Test(arguments: [
        ("alerts:\n  severities: { critical: SEV9 }\n", "line 19: `alerts.severities.critical` maps to `SEV9`, which is not in `severities`"),
        ("alerts:\n  declare: [SEV1, SEV7]\n", "line 19: `alerts.declare` lists `SEV7`"),
        ("alerts:\n  service_lable: service\n", "service_lable"),
        ("alerts:\n  service_label: two words\n", "`alerts.service_label` must be a label name"),
        ("paging:\n  page_at: [SEVX]\n", "`paging.page_at` lists `SEVX`"),
        ("paging:\n  opsgenie_url: api.opsgenie.com\n", "`paging.opsgenie_url` must be a URL"),
    ])
    func mistakesAreNamedWithTheirLines(yaml: String, expected: String) {
        let found = problems(base + yaml)
        #expect(found.contains { $0.contains(expected) }, "\(found)")
    }

    @Test func aServiceNamesTheVariableHoldingItsKeyAndPagesThroughOneService() {
        let secretInline = problems(base.replacingOccurrences(of: "routing_key_env: PD_CHECKOUT_KEY", with: "routing_key_env: \"R0UT1NG-KEY value\""))
        #expect(secretInline.contains { $0.contains("names the environment variable holding the key") }, "\(secretInline)")
        let both = problems(base.replacingOccurrences(of: "pagerduty: { routing_key_env: PD_CHECKOUT_KEY }", with: "pagerduty: { routing_key_env: PD }\n    opsgenie: { api_key_env: OG }"))
        #expect(both.contains { $0.contains("names both pagerduty and opsgenie") }, "\(both)")
        let missing = problems(base.replacingOccurrences(of: "{ routing_key_env: PD_CHECKOUT_KEY }", with: "{}"))
        #expect(missing.contains { $0.contains("routing_key_env") }, "\(missing)")
    }
}
