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

    /// The names of the subcommands this version implements (``Subcommand/all``).
    public static var knownSubcommands: Set<String> { Set(Subcommand.all.map(\.name)) }

    public func parse(_ text: RichText) -> Result<IncidentCommand, CommandError> {
        invocation(text).map(\.command)
    }

    /// Reads a command line by the definition of the subcommand it names; a word that names none is
    /// refused with an error naming it (never answered with something else, such as the help).
    public func invocation(_ text: RichText) -> Result<Invocation, CommandError> {
        var words = Words(text)
        guard let first = words.next() else { return .failure(.empty) }
        guard let subcommand = Subcommand.named(first) else { return .failure(Self.unknownSubcommand(first)) }
        let usage = catalog.subcommand(named: subcommand.name)?.usage ?? subcommand.name
        return subcommand.read(&words, Grammar(configuration: configuration, usage: usage))
            .map { Invocation(subcommand: subcommand.name, command: $0) }
    }

    /// The error for a word that names no subcommand, suggesting the nearest name when one is close.
    static func unknownSubcommand(_ word: String) -> CommandError {
        .unknownSubcommand(word, nearest: NearestName.suggestion(for: word, among: Subcommand.all.map(\.name)))
    }

    /// States a status update can move the incident to (resolving has its own subcommand).
    public static let updateStates: [IncidentState] = [.investigating, .identified, .monitoring]

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
    public static func singleLine(_ text: String) -> String {
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
