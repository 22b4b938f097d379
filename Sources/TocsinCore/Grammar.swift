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
        if let word = words.peek() {
            if let level = configuration.severity(named: word) {
                severity = level.name
                words.skip()
            } else if CommandParser.looksLikeSeverity(word) {
                return .failure(.unknownSeverity(word, known: configuration.severities.map(\.name.rawValue)))
            }
        }
        if let word = words.peek(), let entry = configuration.service(named: word) {
            service = entry.name
            words.skip()
        }
        let title = CommandParser.singleLine(words.rest().plainText)
        guard !title.isEmpty else { return .failure(.missingTitle(usage: grammar.usage)) }
        guard title.count <= CommandParser.maxTitleLength else { return .failure(.titleTooLong(limit: CommandParser.maxTitleLength)) }
        return .success(.declare(IncidentDeclaration(severity: severity, service: service, title: title)))
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

    /// `help` alone, or `help <subcommand>` for one subcommand's usage and example.
    static func help(_ words: inout Words, _ grammar: Grammar) -> Result<AnywhereCommand, CommandError> {
        guard let word = words.next() else { return .success(.help) }
        guard let subcommand = Subcommand.named(word) else { return .failure(CommandParser.unknownSubcommand(word)) }
        return .success(.helpOn(subcommand: subcommand.name))
    }
}
