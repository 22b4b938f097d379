/// Text people wrote, as Tocsin keeps it: plain text with mentions, channels and links as values.
///
/// A chat platform's adapter decodes its markup into this once on the way in and encodes it once on
/// the way out, so a title is never escaped twice and a link in a status update stays a link. Text
/// the core writes itself ("<user> checked in") is built with the same parts, through interpolation:
/// `"\(user: id) checked in"`.
public struct RichText: Sendable, Hashable {
    /// One run of the text.
    public enum Part: Sendable, Hashable {
        case text(String)
        /// A person, by the platform's user id; `name` is how the platform showed them, when it said.
        case user(id: String, name: String?)
        /// A channel, by id; `name` when the platform said.
        case channel(id: String, name: String?)
        /// A link; `label` is the text shown instead of the URL, when there is one.
        case link(url: String, label: String?)
        /// Text the bot words itself and wants to stand out (a heading, a severity); each platform shows
        /// it its own way (Slack: bold). What people write never holds it.
        case strong(String)
    }

    /// The runs, adjacent text merged and empty text dropped.
    public private(set) var parts: [Part]

    public init(parts: [Part]) {
        self.parts = []
        for part in parts { append(part) }
    }

    public init(_ plain: String) {
        self.init(parts: [.text(plain)])
    }

    public var isEmpty: Bool { parts.isEmpty }

    /// Appends a run, merging it into the last one when both are text.
    public mutating func append(_ part: Part) {
        if case .text(let added) = part {
            guard !added.isEmpty else { return }
            if case .text(let last)? = parts.last {
                parts[parts.count - 1] = .text(last + added)
                return
            }
        }
        parts.append(part)
    }

    public mutating func append(_ other: RichText) {
        for part in other.parts { append(part) }
    }

    public static func + (lhs: RichText, rhs: RichText) -> RichText {
        var joined = lhs
        joined.append(rhs)
        return joined
    }

    /// Readable without any markup: a mention is `@name` (or `@id`), a channel `#name`, a link its
    /// URL, or `label (url)` when the label says something else. For channel names, topics and Markdown.
    public var plainText: String {
        parts.map { part in
            switch part {
            case .text(let text), .strong(let text): text
            case .user(let id, let name): "@" + (name ?? id)
            case .channel(let id, let name): "#" + (name ?? id)
            case .link(let url, let label):
                if let label, !label.isEmpty, label != url { "\(label) (\(url))" } else { url }
            }
        }.joined()
    }

    /// The http(s) links it holds: linked parts first seen first, and URLs written out in its text.
    public var links: [String] {
        var found: [String] = []
        for part in parts {
            switch part {
            case .link(let url, _):
                if Self.isWebURL(url), !found.contains(url) { found.append(url) }
            case .text(let text), .strong(let text):
                for url in Self.webURLs(in: text) where !found.contains(url) { found.append(url) }
            case .user, .channel:
                break
            }
        }
        return found
    }

    /// The user ids it mentions, in order, each once.
    public var mentionedUsers: [String] {
        var users: [String] = []
        for case .user(let id, _) in parts where !users.contains(id) { users.append(id) }
        return users
    }

    /// Without whitespace at either end.
    public func trimmed() -> RichText {
        var copy = self
        if case .text(let first)? = copy.parts.first {
            copy.parts[0] = .text(String(first.drop { $0.isWhitespace }))
        }
        if case .text(let last)? = copy.parts.last {
            copy.parts[copy.parts.count - 1] = .text(String(last.reversed().drop { $0.isWhitespace }.reversed()))
        }
        return RichText(parts: copy.parts)
    }

    static func isWebURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }

    /// URLs typed as plain text: from `http(s)://` to the next whitespace (the first `http` in each word).
    static func webURLs(in text: String) -> [String] {
        var found: [String] = []
        for word in text.split(whereSeparator: \.isWhitespace) {
            guard let start = firstHTTP(in: word) else { continue }
            let url = String(word[start...])
            if isWebURL(url), !found.contains(url) { found.append(url) }
        }
        return found
    }

    /// Where `http` (any case) first starts in `word`: a byte scan, since Foundation's case-insensitive
    /// search cost more than the rest of reading a command.
    private static func firstHTTP(in word: Substring) -> Substring.Index? {
        let bytes = word.utf8
        let pattern: [UInt8] = Array("http".utf8)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            var probe = index
            var matched = 0
            while matched < pattern.count, probe != bytes.endIndex, bytes[probe] | 0x20 == pattern[matched] {
                matched += 1
                probe = bytes.index(after: probe)
            }
            if matched == pattern.count { return index }
            index = bytes.index(after: index)
        }
        return nil
    }
}

extension RichText: ExpressibleByStringInterpolation {
    public init(stringLiteral value: String) {
        self.init(value)
    }

    public init(stringInterpolation: Interpolation) {
        self = stringInterpolation.text
    }

    /// Builds rich text from a literal: `"\(user: id) is the \(role.title)"`.
    public struct Interpolation: StringInterpolationProtocol {
        var text = RichText(parts: [])

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) {
            text.append(.text(literal))
        }

        /// Plain values (numbers, names, plain strings) are text.
        public mutating func appendInterpolation(_ value: some CustomStringConvertible) {
            text.append(.text(value.description))
        }

        public mutating func appendInterpolation(_ value: RichText) {
            text.append(value)
        }

        /// A mention of a person by user id.
        public mutating func appendInterpolation(user id: String) {
            text.append(.user(id: id, name: nil))
        }

        /// A link to a channel by id.
        public mutating func appendInterpolation(channel id: String) {
            text.append(.channel(id: id, name: nil))
        }

        /// Words that stand out (``Part/strong(_:)``): `"\(strong: "Open action items")"`.
        public mutating func appendInterpolation(strong words: some CustomStringConvertible) {
            let text = words.description
            guard !text.isEmpty else { return }
            self.text.append(.strong(text))
        }
    }
}

extension RichText: CustomStringConvertible {
    public var description: String { plainText }
}
