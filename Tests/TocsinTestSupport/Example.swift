import TocsinCore

/// The design's example configuration, built by hand (the core does not read YAML), once for every test target:
/// four services over three tiers (checkout depends on payments-api, storefront on checkout), three severities
/// and the rings each reaches.
public enum Example {
    public static let severities = [
        SeverityLevel(name: "SEV0", summary: "Critical customer-facing outage", updateEvery: .init(seconds: 900), checkInWithin: .init(seconds: 300)),
        SeverityLevel(name: "SEV1", summary: "Major degradation", updateEvery: .init(seconds: 1800), checkInWithin: .init(seconds: 1800)),
        SeverityLevel(name: "SEV2", summary: "Partial degradation", updateEvery: .init(seconds: 3600), checkInWithin: .init(seconds: 3600)),
    ]

    public static let rings = RingPolicy(
        stakeholders: ["SEV0": [1, 2, 3], "SEV1": [1, 2, 3], "SEV2": [1, 2]],
        company: ["SEV0": [1, 2, 3], "SEV1": [1, 2]],
        executives: ["SEV0": [1, 2, 3], "SEV1": [1]]
    )

    public static let configuration = TocsinConfiguration(
        slack: SlackSettings(),
        severities: severities,
        services: [
            ServiceEntry(name: "checkout", tier: 1, team: "payments", responders: [.user("U01PAYLEAD"), .group(handle: "payments-oncall")], stakeholdersChannel: "payments", dependsOn: ["payments-api"]),
            ServiceEntry(name: "payments-api", tier: 1, team: "payments", responders: [.user("U04SRE")], stakeholdersChannel: "payments"),
            ServiceEntry(name: "storefront", tier: 2, team: "web", responders: [.user("U04SRE"), .user("U01PAYLEAD")], stakeholdersChannel: "web", dependsOn: ["checkout"]),
            ServiceEntry(name: "reports", tier: 3, team: "analytics", responders: [], stakeholdersChannel: "analytics"),
        ],
        rings: rings
    )

    public static let catalog = CommandCatalog(
        command: "/incident", description: "Declare and run incidents", usageHint: "declare | list | help",
        subcommands: [
            SubcommandSpec(name: "declare", usage: "declare [SEVn] [service] <title>", summary: "declare", scope: .anywhere),
            SubcommandSpec(name: "checkin", usage: "checkin", summary: "check in", scope: .incident),
            SubcommandSpec(name: "list", usage: "list", summary: "list", scope: .anywhere),
            SubcommandSpec(name: "help", usage: "help", summary: "help", scope: .anywhere),
        ]
    )
}
