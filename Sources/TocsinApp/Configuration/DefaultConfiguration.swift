/// The configuration `tocsin sandbox` runs on when no file is given: the design's example catalog.
public enum DefaultConfiguration {
    public static let yaml = """
    slack:
      api_url: https://slack.com/api/
      channel_prefix: inc
      announce_channel: incidents
      exec_channel: exec-incidents
      default_severity: SEV2
    severities:
      - name: SEV0
        summary: Critical customer-facing outage
        update_every: 15m
        check_in_within: 5m
      - name: SEV1
        summary: Major degradation
        update_every: 30m
        check_in_within: 30m
      - name: SEV2
        summary: Partial degradation
        update_every: 1h
        check_in_within: 1h
    services:
      - name: checkout
        tier: 1
        team: payments
        responders: [U01PAYLEAD, "@payments-oncall"]
        stakeholders_channel: payments
        depends_on: [payments-api]
      - name: payments-api
        tier: 1
        team: payments
        responders: [U04SRE]
        stakeholders_channel: payments
      - name: search
        tier: 2
        team: discovery
        responders: [U04SRE]
        stakeholders_channel: discovery
      - name: reports
        tier: 3
        team: analytics
        responders: [U04SRE]
        stakeholders_channel: analytics
    rings:
      stakeholders: { SEV0: [1, 2, 3], SEV1: [1, 2, 3], SEV2: [1, 2] }
      company:      { SEV0: [1, 2, 3], SEV1: [1, 2] }
      executives:   { SEV0: [1, 2, 3], SEV1: [1] }
    executives: [U05EXEC]

    """
}
