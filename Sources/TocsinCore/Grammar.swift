/// What a subcommand's words are read against: the configured severities and services, and the
/// subcommand's usage line from the command definitions (quoted back when the words do not fit it).
struct Grammar: Sendable {
    let configuration: TocsinConfiguration
    let usage: String

    static func declare(_ words: inout Words, _ grammar: Grammar) -> Result<AnywhereCommand, CommandError> {
        guard words.peek() != nil else { return .success(.declareForm) }
        let configuration = grammar.configuration
        var severity = configuration.slack.defaultSeverity
        var service: String?
        var isDrill = skipDrillFlag(&words)
        if let word = words.peek() {
            if let level = configuration.severity(named: word) {
                severity = level.name
                words.skip()
            } else if CommandParser.looksLikeSeverity(word) {
                return .failure(.unknownSeverity(word, known: configuration.severities.map(\.name.rawValue)))
            }
        }
        isDrill = skipDrillFlag(&words) || isDrill
        if let word = words.peek(), let entry = configuration.service(named: word) {
            service = entry.name
            words.skip()
        }
        isDrill = skipDrillFlag(&words) || isDrill
        let title = CommandParser.singleLine(words.rest().plainText)
        guard !title.isEmpty else { return .failure(.missingTitle(usage: grammar.usage)) }
        guard title.count <= CommandParser.maxTitleLength else { return .failure(.titleTooLong(limit: CommandParser.maxTitleLength)) }
        return .success(.declare(IncidentDeclaration(severity: severity, service: service, title: title, isDrill: isDrill)))
    }

    /// `--drill` before the severity, the service or the title (a client that turns `--` into a dash sends
    /// `—drill`): skipped, and true when it was there.
    static func skipDrillFlag(_ words: inout Words) -> Bool {
        guard let word = words.peek()?.lowercased(), ["--drill", "—drill", "–drill"].contains(word) else { return false }
        words.skip()
        return true
    }

    static func severity(_ words: inout Words, _ grammar: Grammar) -> Result<IncidentChannelCommand, CommandError> {
        let known = grammar.configuration.severities.map(\.name.rawValue)
        guard let word = words.next() else { return .failure(.missingSeverity(known: known)) }
        guard let level = grammar.configuration.severity(named: word) else { return .failure(.unknownSeverity(word, known: known)) }
        return .success(.severity(level.name))
    }

    static func status(_ words: inout Words, _ grammar: Grammar) -> Result<IncidentChannelCommand, CommandError> {
        guard let word = words.next(), let state = IncidentState(rawValue: word.lowercased()), CommandParser.updateStates.contains(state) else {
            return .failure(.badStatus(usage: grammar.usage))
        }
        let text = words.rest()
        guard !text.isEmpty else { return .failure(.badStatus(usage: grammar.usage)) }
        if let tooLong = CommandParser.tooLong(text, "status update") { return .failure(tooLong) }
        return .success(.status(state, text: text))
    }

    static func role(_ words: inout Words, _ grammar: Grammar) -> Result<IncidentChannelCommand, CommandError> {
        guard let word = words.next(), let role = CommandParser.role(named: word), let mention = words.nextWord(),
              let user = CommandParser.userID(in: mention) else {
            return .failure(.badRole(usage: grammar.usage))
        }
        return .success(.role(role, userID: user))
    }

    static func page(_ words: inout Words, _ grammar: Grammar) -> Result<IncidentChannelCommand, CommandError> {
        let services = grammar.configuration.services.map(\.name)
        guard let word = words.nextWord() else { return .failure(.badPage(usage: grammar.usage, services: services)) }
        if let service = grammar.configuration.service(named: word.plainText) { return .success(.page(.service(service.name))) }
        if let user = CommandParser.userID(in: word) { return .success(.page(.user(user))) }
        return .failure(.badPage(usage: grammar.usage, services: services))
    }

    static func note(_ words: inout Words, _ grammar: Grammar) -> Result<IncidentChannelCommand, CommandError> {
        let text = words.rest()
        if let tooLong = CommandParser.tooLong(text, "note") { return .failure(tooLong) }
        return text.isEmpty ? .failure(.missingNote) : .success(.note(text))
    }

    static func timeline(_ words: inout Words, _ grammar: Grammar) -> Result<IncidentChannelCommand, CommandError> {
        .success(.timeline(page: words.next().flatMap(Int.init).map { max(1, $0) } ?? 1))
    }

    static func action(_ words: inout Words, _ grammar: Grammar) -> Result<IncidentChannelCommand, CommandError> {
        guard let mention = words.nextWord(), let owner = CommandParser.userID(in: mention) else { return .failure(.badAction(usage: grammar.usage)) }
        var text = words.rest()
        var due: String?
        if let last = words.lastWord(), last.plainText.lowercased().hasPrefix("due:") {
            let value = String(last.plainText.dropFirst(4))
            guard ActionRequest.isDate(value) else { return .failure(.badDueDate(value)) }
            due = value
            text = words.rest(droppingLast: 1)
        }
        let plain = CommandParser.singleLine(text.plainText)
        guard !plain.isEmpty else { return .failure(.badAction(usage: grammar.usage)) }
        if let tooLong = CommandParser.tooLong(RichText(plain), "action item") { return .failure(tooLong) }
        return .success(.action(ActionRequest(owner: owner, text: plain, due: due)))
    }

    static func resolve(_ words: inout Words, _ grammar: Grammar) -> Result<IncidentChannelCommand, CommandError> {
        let summary = words.rest()
        if let tooLong = CommandParser.tooLong(summary, "resolve summary") { return .failure(tooLong) }
        return .success(.resolve(summary: summary.isEmpty ? nil : summary))
    }

    static func cancel(_ words: inout Words, _ grammar: Grammar) -> Result<IncidentChannelCommand, CommandError> {
        let reason = words.rest()
        guard !reason.isEmpty else { return .failure(.missingCancelReason) }
        if let tooLong = CommandParser.tooLong(reason, "cancel reason") { return .failure(tooLong) }
        return .success(.cancel(reason: reason))
    }

    static func reopen(_ words: inout Words, _ grammar: Grammar) -> Result<IncidentChannelCommand, CommandError> {
        let reason = words.rest()
        if let tooLong = CommandParser.tooLong(reason, "reopen reason") { return .failure(tooLong) }
        return .success(.reopen(reason: reason.isEmpty ? nil : reason))
    }

    /// `impact start [HH:MM]`, `impact end [HH:MM]`, `impact full|partial|degraded`.
    static func impact(_ words: inout Words, _ grammar: Grammar) -> Result<IncidentChannelCommand, CommandError> {
        guard let word = words.next()?.lowercased() else { return .failure(.badImpact(usage: grammar.usage)) }
        if let level = ImpactLevel(rawValue: word) { return .success(.impact(.level(level))) }
        guard word == "start" || word == "end" else { return .failure(.badImpact(usage: grammar.usage)) }
        var time: ClockTime?
        if let text = words.next() {
            guard let parsed = ClockTime(text) else { return .failure(.badClockTime(String(text.prefix(40)))) }
            time = parsed
        }
        return .success(.impact(word == "start" ? .start(time) : .end(time)))
    }

    /// `link <number>`: the incident to link this one to, as `12` or `#12`.
    static func link(_ words: inout Words, _ grammar: Grammar) -> Result<IncidentChannelCommand, CommandError> {
        incidentNumber(&words, grammar).map(IncidentChannelCommand.link)
    }

    /// `unlink <number>`: the incident to unlink this one from, as `12` or `#12`.
    static func unlink(_ words: inout Words, _ grammar: Grammar) -> Result<IncidentChannelCommand, CommandError> {
        incidentNumber(&words, grammar).map(IncidentChannelCommand.unlink)
    }

    /// An incident number, `12` or `#12`, from 1 to a million (no overflow from what was typed).
    private static func incidentNumber(_ words: inout Words, _ grammar: Grammar) -> Result<Int, CommandError> {
        guard let word = words.next() else { return .failure(.badIncidentNumber(usage: grammar.usage)) }
        let digits = word.hasPrefix("#") ? String(word.dropFirst()) : word
        guard (1...7).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(digits), number > 0 else {
            return .failure(.badIncidentNumber(usage: grammar.usage))
        }
        return .success(number)
    }

    /// `slo [service]`: every SLO, or a catalog service's.
    static func slo(_ words: inout Words, _ grammar: Grammar) -> Result<AnywhereCommand, CommandError> {
        guard let word = words.next() else { return .success(.slo(service: nil)) }
        guard let service = grammar.configuration.service(named: word) else {
            return .failure(.unknownService(String(word.prefix(80)), known: grammar.configuration.services.map(\.name)))
        }
        return .success(.slo(service: service.name))
    }

    /// `oncall start` or `oncall handoff @next` (a mention, escaped or not, or a user id typed as text).
    static func oncall(_ words: inout Words, _ grammar: Grammar) -> Result<AnywhereCommand, CommandError> {
        switch words.next()?.lowercased() {
        case "start"?:
            return .success(.oncallStart)
        case "handoff"?, "handover"?:
            guard let word = words.nextWord() else { return .failure(.handoffNeedsUser(typed: nil)) }
            guard let user = CommandParser.userID(in: word) else { return .failure(.handoffNeedsUser(typed: String(word.plainText.prefix(80)))) }
            return .success(.oncallHandoff(to: user))
        default:
            return .failure(.badOncall(usage: grammar.usage))
        }
    }

    /// How far back `kpis` looks when no period is given.
    static let defaultKPIWindow = ConfigDuration(seconds: 30 * 86_400)

    /// `kpis [period]`: the KPIs of the incidents declared within the period (30 days when none is given).
    static func kpis(_ words: inout Words, _ grammar: Grammar) -> Result<AnywhereCommand, CommandError> {
        guard let word = words.next() else { return .success(.kpis(window: defaultKPIWindow)) }
        guard let window = ConfigDuration(parsing: word.lowercased()) else { return .failure(.badKPIWindow(String(word.prefix(40)))) }
        return .success(.kpis(window: window))
    }

    /// `help` alone, or `help <subcommand>` for one subcommand's usage and example.
    static func help(_ words: inout Words, _ grammar: Grammar) -> Result<AnywhereCommand, CommandError> {
        guard let word = words.next() else { return .success(.help) }
        guard let subcommand = Subcommand.named(word) else { return .failure(CommandParser.unknownSubcommand(word)) }
        return .success(.helpOn(subcommand: subcommand.name))
    }
}
