import Foundation

/// Turns the text after `/incident` into an ``IncidentCommand``, or a ``CommandError`` that says what to type.
public struct CommandParser: Sendable {
    public static let maxTitleLength = 150
    /// The most characters a status update, note, resolve summary or action item may have: a message
    /// read by people in a hurry (Slack's own message limit is far above it, at 40,000).
    public static let maxTextLength = 3_000

    public let catalog: CommandCatalog
    public let configuration: TocsinConfiguration

    public init(catalog: CommandCatalog, configuration: TocsinConfiguration) {
        self.catalog = catalog
        self.configuration = configuration
    }

    /// The subcommands this parser understands; the catalog must list exactly these.
    public static let knownSubcommands: Set<String> = ["declare", "checkin", "severity", "status", "role", "page", "note", "timeline", "action", "actions", "followups", "postmortem", "resolve", "rings", "list", "help"]

    public func parse(_ text: RichText) -> Result<IncidentCommand, CommandError> {
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
            if let tooLong = Self.tooLong(summary, "resolve summary") { return .failure(tooLong) }
            return .success(.resolve(summary: summary.isEmpty ? nil : summary))
        case "rings": return .success(.rings)
        case "note":
            let text = words.rest()
            if let tooLong = Self.tooLong(text, "note") { return .failure(tooLong) }
            return text.isEmpty ? .failure(.missingNote) : .success(.note(text))
        case "action": return parseAction(&words, usage: spec.usage)
        case "page":
            let services = configuration.services.map(\.name)
            guard let word = words.nextWord() else { return .failure(.badPage(usage: spec.usage, services: services)) }
            if let service = configuration.service(named: word.plainText) { return .success(.page(.service(service.name))) }
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
                return .failure(.unknownSeverity(word, known: configuration.severities.map(\.name.rawValue)))
            }
        }
        if let word = words.peek(), let entry = configuration.service(named: word) {
            service = entry.name
            words.skip()
        }
        let title = Self.singleLine(words.rest().plainText)
        guard !title.isEmpty else { return .failure(.missingTitle(usage: usage)) }
        guard title.count <= Self.maxTitleLength else { return .failure(.titleTooLong(limit: Self.maxTitleLength)) }
        return .success(.declare(IncidentDeclaration(severity: severity, service: service, title: title)))
    }

    private func parseSeverity(_ words: inout Words) -> Result<IncidentCommand, CommandError> {
        let known = configuration.severities.map(\.name.rawValue)
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
        if let tooLong = Self.tooLong(text, "status update") { return .failure(tooLong) }
        return .success(.status(state, text: text))
    }

    private func parseRole(_ words: inout Words, usage: String) -> Result<IncidentCommand, CommandError> {
        guard let word = words.next(), let role = Self.role(named: word), let mention = words.nextWord(), let user = Self.userID(in: mention) else {
            return .failure(.badRole(usage: usage))
        }
        return .success(.role(role, userID: user))
    }

    private func parseAction(_ words: inout Words, usage: String) -> Result<IncidentCommand, CommandError> {
        guard let mention = words.nextWord(), let owner = Self.userID(in: mention) else { return .failure(.badAction(usage: usage)) }
        var text = words.rest()
        var due: String?
        if let last = words.lastWord(), last.plainText.lowercased().hasPrefix("due:") {
            let value = String(last.plainText.dropFirst(4))
            guard ActionRequest.isDate(value) else { return .failure(.badDueDate(value)) }
            due = value
            text = words.rest(droppingLast: 1)
        }
        let plain = Self.singleLine(text.plainText)
        guard !plain.isEmpty else { return .failure(.badAction(usage: usage)) }
        if let tooLong = Self.tooLong(RichText(plain), "action item") { return .failure(tooLong) }
        return .success(.action(ActionRequest(owner: owner, text: plain, due: due)))
    }

    /// The error for typed text over ``maxTextLength`` characters, naming what it is.
    static func tooLong(_ text: RichText, _ what: String) -> CommandError? {
        let length = text.plainText.count
        return length > maxTextLength ? .textTooLong(what: what, limit: maxTextLength, length: length) : nil
    }

    static func role(named word: String) -> IncidentRole? {
        switch word.lowercased() {
        case "commander", "ic", "lead": .commander
        case "comms", "communications", "comms-lead": .comms
        case "scribe": .scribe
        default: nil
        }
    }

    /// The user id a word names: a mention, or a bare user id (`U…`, `W…`) typed as text.
    public static func userID(in word: RichText) -> String? {
        if word.parts.count == 1, case .user(let id, _) = word.parts[0] { return id }
        let text = word.plainText
        guard word.mentionedUsers.isEmpty, let first = text.first, "UW".contains(first), text.count >= 2,
              text.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else { return nil }
        return text
    }

    /// Text on one line: line breaks and runs of spaces become one space (titles go into channel names and topics).
    static func singleLine(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
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

/// A cursor over whitespace-separated words of rich text that can hand back the untouched rest.
///
/// A mention or a link is one indivisible piece of a word, so `@dana` stays a person, not text.
struct Words {
    private enum Piece {
        case character(Character)
        case part(RichText.Part)

        var isWhitespace: Bool {
            if case .character(let character) = self { return character.isWhitespace }
            return false
        }
    }

    private let pieces: [Piece]
    private var index = 0

    init(_ text: RichText) {
        var pieces: [Piece] = []
        for part in text.parts {
            if case .text(let plain) = part {
                pieces.append(contentsOf: plain.map(Piece.character))
            } else {
                pieces.append(.part(part))
            }
        }
        self.pieces = pieces
    }

    private func wordRange(from start: Int) -> Range<Int>? {
        var begin = start
        while begin < pieces.count, pieces[begin].isWhitespace { begin += 1 }
        guard begin < pieces.count else { return nil }
        var end = begin
        while end < pieces.count, !pieces[end].isWhitespace { end += 1 }
        return begin..<end
    }

    private func text(_ range: Range<Int>) -> RichText {
        var text = RichText(parts: [])
        for piece in pieces[range] {
            switch piece {
            case .character(let character): text.append(.text(String(character)))
            case .part(let part): text.append(part)
            }
        }
        return text
    }

    /// The next word as plain text, without taking it.
    func peek() -> String? { wordRange(from: index).map { text($0).plainText } }

    mutating func skip() {
        if let range = wordRange(from: index) { index = range.upperBound }
    }

    /// Takes the next word as plain text.
    mutating func next() -> String? {
        defer { skip() }
        return peek()
    }

    /// Takes the next word with its mentions and links.
    mutating func nextWord() -> RichText? {
        guard let range = wordRange(from: index) else { return nil }
        index = range.upperBound
        return text(range)
    }

    /// The last word of the rest, without taking anything.
    func lastWord() -> RichText? {
        remainingWordRanges().last.map(text)
    }

    /// Everything after the words taken so far, trimmed.
    func rest() -> RichText {
        text(index..<pieces.count).trimmed()
    }

    /// The rest without its last `count` words, trimmed.
    func rest(droppingLast count: Int) -> RichText {
        let ranges = remainingWordRanges()
        guard count > 0, ranges.count >= count else { return rest() }
        return text(index..<ranges[ranges.count - count].lowerBound).trimmed()
    }

    private func remainingWordRanges() -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var position = index
        while let range = wordRange(from: position) {
            ranges.append(range)
            position = range.upperBound
        }
        return ranges
    }
}
