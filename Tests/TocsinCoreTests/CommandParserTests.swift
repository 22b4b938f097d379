import Testing
import TocsinCore
import TocsinTestSupport

@Suite struct CommandParserTests {
    let parser = CommandParser(catalog: Example.catalog, configuration: Example.configuration)

    @Test(arguments: [
        ("declare SEV1 checkout Card payments failing", IncidentDeclaration(severity: "SEV1", service: "checkout", title: "Card payments failing")),
        ("declare sev0 Checkout  everything is down ", IncidentDeclaration(severity: "SEV0", service: "checkout", title: "everything is down")),
        ("declare checkout Card payments failing", IncidentDeclaration(severity: "SEV2", service: "checkout", title: "Card payments failing")),
        ("declare SEV1 Card payments failing", IncidentDeclaration(severity: "SEV1", service: nil, title: "Card payments failing")),
        ("DECLARE Something odd", IncidentDeclaration(severity: "SEV2", service: nil, title: "Something odd")),
        ("declare SEV1 reports reports are late", IncidentDeclaration(severity: "SEV1", service: "reports", title: "reports are late")),
        ("declare\tSEV2\tcheckout\tslow", IncidentDeclaration(severity: "SEV2", service: "checkout", title: "slow")),
    ])
    func parsesDeclarations(text: String, expected: IncidentDeclaration) {
        #expect(parser.parse(typed(text)) == .success(.anywhere(.declare(expected))))
    }

    /// Issue #15: `declare` alone opens the form instead of asking for a title.
    @Test func declareAloneOpensTheForm() {
        #expect(parser.parse(typed("declare")) == .success(.anywhere(.declareForm)))
        #expect(parser.parse(typed("  DECLARE  ")) == .success(.anywhere(.declareForm)))
    }

    /// Issue #15: `cancel` needs the reason, as rings are told why.
    @Test func cancelTakesItsReason() {
        #expect(parser.parse(typed("cancel Test alert, not an outage")) == .success(.inIncident(.cancel(reason: "Test alert, not an outage"))))
        #expect(parser.parse(typed("cancel")) == .failure(.missingCancelReason))
    }

    @Test func parsesListAndHelp() {
        #expect(parser.parse(typed("list")) == .success(.anywhere(.list)))
        #expect(parser.parse(typed("checkin")) == .success(.inIncident(.checkIn)))
        #expect(parser.parse(typed("  help  ")) == .success(.anywhere(.help)))
    }

    /// The parser reads by the subcommand definitions: each defined name parses to a command of the definition's
    /// scope (incident-channel commands are the ones the router finds an incident for), typed in any case.
    @Test(arguments: Subcommand.all.map(\.name))
    func everyDefinedSubcommandParsesToItsScope(name: String) throws {
        let definition = try #require(Subcommand.named(name.uppercased()))
        #expect(definition.name == name)
        let sample: [String: String] = [
            "declare": "declare Card payments failing", "severity": "severity SEV1", "status": "status identified bad deploy",
            "role": "role comms @U0DANA", "page": "page checkout", "note": "note failover started", "action": "action @U0DANA fix it",
            "cancel": "cancel declared by mistake",
            "impact": "impact start 09:40", "oncall": "oncall start",
        ]
        let invocation = try parser.invocation(typed(sample[name] ?? name.uppercased())).get()
        #expect(invocation.subcommand == name)
        switch invocation.command {
        case .anywhere: #expect(definition.scope == .anywhere)
        case .inIncident: #expect(definition.scope == .incident)
        }
    }

    /// Issue #11: a `default:` answered the help for a subcommand the switch forgot; a name that is not
    /// defined is refused with its name, never answered with something else.
    @Test(arguments: ["frobnicate", "?", "ackn", "xyzzy", "tele"])
    func anUndefinedSubcommandIsRefusedByName(word: String) {
        #expect(parser.invocation(typed(word + " SEV1")) == .failure(.unknownSubcommand(word)))
        #expect(CommandError.unknownSubcommand(word).message(command: "/incident")
            == "I don't know `/incident \(word)`; type `/incident help` to see what I can do.")
    }

    /// Issue #15: a slip of a key or two (or the start of a longer name) is answered with the subcommand meant.
    @Test(arguments: [
        ("stauts", "status"), ("decalre", "declare"), ("helpme", "help"), ("halp", "help"), ("lists", "list"),
        ("declared", "declare"), ("status:", "status"), ("sevrity", "severity"), ("postm", "postmortem"), ("CHEKIN", "checkin"),
    ])
    func aMistypedSubcommandSuggestsTheNearestOne(word: String, nearest: String) {
        #expect(parser.invocation(typed(word + " SEV1")) == .failure(.unknownSubcommand(word, nearest: nearest)))
        #expect(CommandError.unknownSubcommand(word, nearest: nearest).message(command: "/incident")
            == "I don't know `/incident \(word)`; did you mean `/incident \(nearest)`? `/incident help \(nearest)` shows how to use it.")
    }

    @Test func helpNamesOneSubcommandOrSuggestsTheNearest() {
        #expect(parser.parse(typed("help status")) == .success(.anywhere(.helpOn(subcommand: "status"))))
        #expect(parser.parse(typed("help DECLARE")) == .success(.anywhere(.helpOn(subcommand: "declare"))))
        #expect(parser.parse(typed("help stauts")) == .failure(.unknownSubcommand("stauts", nearest: "status")))
        #expect(parser.parse(typed("help frobnicate")) == .failure(.unknownSubcommand("frobnicate")))
    }

    @Test func theDefinitionsNameEachSubcommandOnce() {
        #expect(Set(Subcommand.all.map(\.name)).count == Subcommand.all.count)
        #expect(CommandParser.knownSubcommands == Set(Subcommand.all.map(\.name)))
        #expect(Subcommand.all.filter { $0.scope == .anywhere }.map(\.name) == ["declare", "followups", "slo", "list", "oncall", "help"])
    }

    @Test(arguments: [
        ("", CommandError.empty),
        ("   ", CommandError.empty),
        ("decalre SEV1 x", CommandError.unknownSubcommand("decalre", nearest: "declare")),
        ("frobnicate", CommandError.unknownSubcommand("frobnicate")),
        ("declare SEV9 checkout broken", CommandError.unknownSeverity("SEV9", known: ["SEV0", "SEV1", "SEV2"])),
        ("declare P1 broken", CommandError.unknownSeverity("P1", known: ["SEV0", "SEV1", "SEV2"])),
        ("declare SEV1 checkout", CommandError.missingTitle(usage: "declare [SEVn] [service] <title>")),
        ("declare " + String(repeating: "x", count: 151), CommandError.titleTooLong(limit: 150)),
    ])
    func rejectsBadInput(text: String, error: CommandError) {
        #expect(parser.parse(typed(text)) == .failure(error))
    }

    @Test func errorMessagesSayWhatToTypeInstead() {
        let unknown = CommandError.unknownSubcommand("frobnicate").message(command: "/incident")
        #expect(unknown.contains("`/incident help`"))
        let severity = CommandError.unknownSeverity("SEV9", known: ["SEV0", "SEV1"]).message(command: "/incident")
        #expect(severity.contains("SEV0, SEV1"))
        #expect(severity.contains("/incident declare SEV0"))
        let title = CommandError.missingTitle(usage: "declare [SEVn] [service] <title>").message(command: "/incident")
        #expect(title.contains("/incident declare [SEVn] [service] <title>"))
    }

    @Test func helpListsEverySubcommandWithItsUsage() {
        let help = Example.catalog.helpText
        for spec in Example.catalog.subcommands {
            #expect(help.plainText.contains("`/incident \(spec.usage)`"))
        }
    }
}

@Suite struct LifecycleGrammarTests {
    let parser = CommandParser(catalog: CommandCatalog(
        command: "/incident", description: "d", usageHint: "h",
        subcommands: CommandParser.knownSubcommands.sorted().map { SubcommandSpec(name: $0, usage: $0 == "status" ? "status <state> <text>" : $0 == "role" ? "role <role> @user" : $0, summary: "s", scope: .anywhere) }
    ), configuration: Example.configuration)

    @Test(arguments: [
        ("severity sev0", IncidentChannelCommand.severity("SEV0")),
        ("status identified Bad deploy, rolling back", .status(.identified, text: "Bad deploy, rolling back")),
        ("status MONITORING  error rate back to normal ", .status(.monitoring, text: "error rate back to normal")),
        ("role comms @U0DANA", .role(.comms, userID: "U0DANA")),
        ("role commander @W123ABC", .role(.commander, userID: "W123ABC")),
        ("role scribe U777", .role(.scribe, userID: "U777")),
        ("resolve", .resolve(summary: nil)),
        ("resolve Rolled back the deploy", .resolve(summary: "Rolled back the deploy")),
        ("rings", .rings),
        ("page checkout", .page(.service("checkout"))),
        ("page @U0DANA", .page(.user("U0DANA"))),
    ])
    func parsesLifecycleCommands(text: String, expected: IncidentChannelCommand) {
        #expect(parser.parse(typed(text)) == .success(.inIncident(expected)))
    }

    @Test(arguments: [
        ("severity", CommandError.missingSeverity(known: ["SEV0", "SEV1", "SEV2"])),
        ("severity SEV5", .unknownSeverity("SEV5", known: ["SEV0", "SEV1", "SEV2"])),
        ("status", .badStatus(usage: "status <state> <text>")),
        ("status fixed it", .badStatus(usage: "status <state> <text>")),
        ("status resolved all good", .badStatus(usage: "status <state> <text>")),
        ("status identified", .badStatus(usage: "status <state> <text>")),
        ("role comms", .badRole(usage: "role <role> @user")),
        ("role boss @U1", .badRole(usage: "role <role> @user")),
        ("role comms @dana", .badRole(usage: "role <role> @user")),
        ("page", .badPage(usage: "page", services: ["checkout", "payments-api", "storefront", "reports"])),
        ("page billing", .badPage(usage: "page", services: ["checkout", "payments-api", "storefront", "reports"])),
    ])
    func rejectsBadLifecycleInput(text: String, error: CommandError) {
        #expect(parser.parse(typed(text)) == .failure(error))
    }

    /// Issue #10: 100,000-character statuses and notes were accepted.
    @Test(arguments: [
        ("note ", "note"), ("status identified ", "status update"), ("resolve ", "resolve summary"), ("action @U1 ", "action item"),
    ])
    func typedTextIsCappedAt3000Characters(prefix: String, what: String) {
        let fits = parser.parse(typed(prefix + String(repeating: "x", count: CommandParser.maxTextLength)))
        #expect((try? fits.get()) != nil)
        let long = parser.parse(typed(prefix + String(repeating: "x", count: 100_000)))
        #expect(long == .failure(.textTooLong(what: what, limit: 3_000, length: 100_000)))
        #expect(CommandError.textTooLong(what: what, limit: 3_000, length: 100_000).message(command: "/incident")
            == "That \(what) is 100000 characters; the limit is 3000. Keep it to a summary and put the details in a document or a link, or in several notes (`/incident note <text>`).")
    }
}
