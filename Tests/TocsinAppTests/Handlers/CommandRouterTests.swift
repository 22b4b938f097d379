import Foundation
import Testing
@testable import TocsinApp
import TocsinCore

/// The router: one definition per subcommand, the scope enforced in one place, nothing answered silently.
@Suite struct CommandRouterTests {
    /// A line for each subcommand that works only inside an incident channel, typed well.
    static let incidentLines = [
        "checkin", "severity SEV1", "status identified bad deploy", "role comms U0DANA", "page reports", "note failover started",
        "timeline", "action U0DANA add an alert", "actions", "postmortem", "resolve", "rings", "cancel declared by mistake", "reopen", "impact start 09:40",
        "link 2", "unlink 2",
    ]

    @Test func theSampleLinesCoverEveryIncidentChannelSubcommand() {
        let named = Set(Self.incidentLines.map { String($0.prefix { $0 != " " }) })
        #expect(named == Set(Subcommand.all.filter { $0.scope == .incident }.map(\.name)))
    }

    @Test(arguments: incidentLines)
    func anIncidentChannelSubcommandElsewhereSaysWhereItWorksAndChangesNothing(line: String) async throws {
        let harness = try HandlerHarness()
        try await harness.declareIncident()
        let before = try await harness.store.outboxEntries(incident: 1).count
        let timeline = try await harness.store.timeline(incident: 1)
        let name = String(line.prefix { $0 != " " })

        let intent = await harness.router.route(harness.request(line, in: HandlerHarness.otherChannel))

        #expect(intent == .notInIncidentChannel(subcommand: name))
        #expect(harness.wording.text(intent).plainText
            == "`/incident \(name)` works inside an incident channel; run it there (`/incident list` shows them).")
        #expect(try await harness.store.outboxEntries(incident: 1).count == before)
        #expect(try await harness.store.timeline(incident: 1) == timeline)
        #expect(try await harness.store.checkIns(incident: 1).isEmpty)
    }

    @Test func aMistypedLineIsAnsweredWithWhatToTypeBeforeTheScopeIsChecked() async throws {
        let harness = try HandlerHarness()
        #expect(await harness.router.route(harness.request("note", in: HandlerHarness.otherChannel)) == .notUnderstood(.missingNote))
    }

    @Test func anUnknownSubcommandIsNamedAndPointsAtTheHelp() async throws {
        let harness = try HandlerHarness()
        let intent = await harness.router.route(harness.request("frobnicate now"))
        #expect(intent == .notUnderstood(.unknownSubcommand("frobnicate")))
        #expect(harness.wording.text(intent).plainText == "I don't know `/incident frobnicate`; type `/incident help` to see what I can do.")
    }

    @Test func helpIsTheDefinitionsHelpText() async throws {
        let harness = try HandlerHarness()
        let intent = await harness.router.route(harness.request("help", in: HandlerHarness.otherChannel))
        #expect(intent == .help)
        #expect(harness.wording.text(intent) == harness.catalog.helpText)
    }

    /// Issue #15: `help <subcommand>` shows how to type it, where it works and a line to copy.
    @Test func helpOnOneSubcommandShowsItsUsageScopeAndExample() async throws {
        let harness = try HandlerHarness()
        let intent = await harness.router.route(harness.request("help status", in: HandlerHarness.otherChannel))
        #expect(intent == .subcommandHelp("status"))
        #expect(harness.wording.text(intent).plainText == """
            `/incident status <investigating|identified|monitoring> <what changed>`: post a status update here and to every reached ring \
            (the executive message is edited in place, the update goes in its thread).
            Works inside an incident channel and acts on its incident.
            Example: `/incident status identified Bad deploy of payments-api, rolling back`
            """)
    }

    @Test func helpOnAMistypedSubcommandSuggestsTheNearest() async throws {
        let harness = try HandlerHarness()
        let intent = await harness.router.route(harness.request("help stauts", in: HandlerHarness.otherChannel))
        #expect(harness.wording.text(intent).plainText
            == "I don't know `/incident stauts`; did you mean `/incident status`? `/incident help status` shows how to use it.")
    }

    @Test func anIncidentChannelSubcommandActsOnThatChannelsIncident() async throws {
        let harness = try HandlerHarness()
        try await harness.declareIncident()
        #expect(await harness.router.route(harness.request("note failover started")) == .noted(incident: 1))
        #expect(await harness.router.route(harness.request("list", in: HandlerHarness.otherChannel))
            == .activeIncidents([try #require(try await harness.store.incident(number: 1))]))
    }
}
