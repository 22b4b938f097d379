import Foundation

/// Turns the text after `/incident` into an ``IncidentCommand``, or a ``CommandError`` that says what to type.
public struct CommandParser: Sendable {
    public static let maxTitleLength = 150

    public let catalog: CommandCatalog
    public let configuration: TocsinConfiguration

    public init(catalog: CommandCatalog, configuration: TocsinConfiguration) {
        self.catalog = catalog
        self.configuration = configuration
    }

    /// The subcommands this parser understands; the catalog must list exactly these.
    public static let knownSubcommands: Set<String> = ["declare", "checkin", "severity", "status", "role", "page", "note", "timeline", "action", "actions", "followups", "postmortem", "resolve", "rings", "list", "help"]

    public func parse(_ text: String) -> Result<IncidentCommand, CommandError> {
        var words = Words(text)
        guard let first = words.next() else { return .failure(.empty) }
        let name = first.lowercased()
        guard let spec = catalog.subcommand(named: name), Self.knownSubcommands.contains(name) else {
            return .failure(.unknownSubcommand(first))
        }
        switch name {
        case "declare": return parseDeclare(&words, usage: spec.usage)
        case "checkin": return .success(.checkIn)
        case "severity": return parseSeverity(&words)
        case "status": return parseStatus(&words, usage: spec.usage)
        case "role": return parseRole(&words, usage: spec.usage)
        case "resolve":
            let summary = words.rest()
            return .success(.resolve(summary: summary.isEmpty ? nil : summary))
        case "rings": return .success(.rings)
        case "note":
            let text = words.rest()
            return text.isEmpty ? .failure(.missingNote) : .success(.note(text))
        case "action": return parseAction(&words, usage: spec.usage)
        case "page":
            let services = configuration.services.map(\.name)
            guard let word = words.next() else { return .failure(.badPage(usage: spec.usage, services: services)) }
            if let service = configuration.service(named: word) { return .success(.page(.service(service.name))) }
            if let user = Self.userID(in: word) { return .success(.page(.user(user))) }
            return .failure(.badPage(usage: spec.usage, services: services))
        case "actions": return .success(.actions)
        case "followups": return .success(.followups)
        case "postmortem": return .success(.postmortem)
        case "timeline":
            return .success(.timeline(page: words.next().flatMap(Int.init).map { max(1, $0) } ?? 1))
        case "list": return .success(.list)
        default: return .success(.help)
        }
    }

    private func parseDeclare(_ words: inout Words, usage: String) -> Result<IncidentCommand, CommandError> {
        var severity = configuration.slack.defaultSeverity
        var service: String?
        if let word = words.peek() {
            if let level = configuration.severity(named: word) {
                severity = level.name
                words.skip()
            } else if Self.looksLikeSeverity(word) {
                return .failure(.unknownSeverity(word, known: configuration.severities.map(\.name)))
            }
        }
        if let word = words.peek(), let entry = configuration.service(named: word) {
            service = entry.name
            words.skip()
        }
        let title = words.rest()
        guard !title.isEmpty else { return .failure(.missingTitle(usage: usage)) }
        guard title.count <= Self.maxTitleLength else { return .failure(.titleTooLong(limit: Self.maxTitleLength)) }
        return .success(.declare(IncidentDeclaration(severity: severity, service: service, title: title)))
    }

    private func parseSeverity(_ words: inout Words) -> Result<IncidentCommand, CommandError> {
        let known = configuration.severities.map(\.name)
        guard let word = words.next() else { return .failure(.missingSeverity(known: known)) }
        guard let level = configuration.severity(named: word) else { return .failure(.unknownSeverity(word, known: known)) }
        return .success(.severity(level.name))
    }

    /// States a status update can move the incident to (resolving has its own subcommand).
    public static let updateStates: [IncidentState] = [.investigating, .identified, .monitoring]

    private func parseStatus(_ words: inout Words, usage: String) -> Result<IncidentCommand, CommandError> {
        guard let word = words.next(), let state = IncidentState(rawValue: word.lowercased()), Self.updateStates.contains(state) else {
            return .failure(.badStatus(usage: usage))
        }
        let text = words.rest()
        guard !text.isEmpty else { return .failure(.badStatus(usage: usage)) }
        return .success(.status(state, text: text))
    }

    private func parseRole(_ words: inout Words, usage: String) -> Result<IncidentCommand, CommandError> {
        guard let word = words.next(), let role = Self.role(named: word), let mention = words.next(), let user = Self.userID(in: mention) else {
            return .failure(.badRole(usage: usage))
        }
        return .success(.role(role, userID: user))
    }

    private func parseAction(_ words: inout Words, usage: String) -> Result<IncidentCommand, CommandError> {
        guard let mention = words.next(), let owner = Self.userID(in: mention) else { return .failure(.badAction(usage: usage)) }
        var text = words.rest()
        var due: String?
        if let range = text.range(of: #"(^|\s)due:\S+\s*$"#, options: .regularExpression) {
            let value = text[range].trimmingCharacters(in: .whitespaces).dropFirst(4)
            guard ActionRequest.isDate(String(value)) else { return .failure(.badDueDate(String(value))) }
            due = String(value)
            text = String(text[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
        }
        guard !text.isEmpty else { return .failure(.badAction(usage: usage)) }
        return .success(.action(ActionRequest(owner: owner, text: text, due: due)))
    }

    static func role(named word: String) -> IncidentRole? {
        switch word.lowercased() {
        case "commander", "ic", "lead": .commander
        case "comms", "communications", "comms-lead": .comms
        case "scribe": .scribe
        default: nil
        }
    }

    /// The user id in a mention as Slack escapes it (`<@U123|name>`, `<@U123>`), or a bare id.
    public static func userID(in mention: String) -> String? {
        var text = Substring(mention)
        if text.hasPrefix("<@") && text.hasSuffix(">") {
            text = text.dropFirst(2).dropLast()
            if let bar = text.firstIndex(of: "|") { text = text[..<bar] }
        }
        guard let first = text.first, "UW".contains(first), text.count >= 2,
              text.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else { return nil }
        return String(text)
    }

    /// `SEV9`, `sev12`, `P1`: a word meant as a severity even when none by that name is configured.
    static func looksLikeSeverity(_ word: String) -> Bool {
        let lower = word.lowercased()
        for prefix in ["sev", "p"] where lower.hasPrefix(prefix) {
            let digits = lower.dropFirst(prefix.count)
            if !digits.isEmpty && digits.allSatisfy(\.isNumber) { return true }
        }
        return false
    }
}

/// A cursor over whitespace-separated words that can hand back the untouched rest of the line.
struct Words {
    private let text: Substring
    private var index: Substring.Index

    init(_ text: String) {
        self.text = Substring(text)
        self.index = self.text.startIndex
    }

    private func skippingSpace(from start: Substring.Index) -> Substring.Index {
        var position = start
        while position < text.endIndex, text[position].isWhitespace { position = text.index(after: position) }
        return position
    }

    private func wordRange() -> Range<Substring.Index>? {
        let start = skippingSpace(from: index)
        guard start < text.endIndex else { return nil }
        var end = start
        while end < text.endIndex, !text[end].isWhitespace { end = text.index(after: end) }
        return start..<end
    }

    func peek() -> String? { wordRange().map { String(text[$0]) } }

    mutating func skip() {
        if let range = wordRange() { index = range.upperBound }
    }

    mutating func next() -> String? {
        defer { skip() }
        return peek()
    }

    /// Everything after the words taken so far, trimmed.
    func rest() -> String {
        String(text[index...]).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
