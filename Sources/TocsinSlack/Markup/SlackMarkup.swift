import TocsinCore

/// Slack's message markup, read once on the way in and written once on the way out.
///
/// Slack escapes `&`, `<` and `>` in the text it sends (`&amp;`, `&lt;`, `&gt;`) and writes
/// mentions, channels and links in angle brackets: `<@U123|dana>`, `<#C123|payments>`,
/// `<https://…|label>` (the formatting reference, "Escaping text"). Inside Tocsin that is a
/// ``RichText``; every message and reply is encoded from one here, so nothing is escaped twice.
public struct SlackMarkup: Sendable {
    public init() {}

    /// Plain text as Slack shows it literally: only `&`, `<` and `>` are escaped.
    public func escape(_ plain: String) -> String {
        Self.escape(plain)
    }

    /// Rich text in Slack's markup: text escaped, people `<@U…>`, channels `<#C…>`, links `<url|label>`,
    /// strong words in bold (`*…*`).
    public func encode(_ text: RichText) -> String {
        Self.encode(text)
    }

    public static func escape(_ plain: String) -> String {
        guard plain.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }) else {
            return plain
        }
        // The three are ASCII, so bytes suffice (every reply is escaped, `/incident help` included).
        var escaped: [UInt8] = []
        escaped.reserveCapacity(plain.utf8.count + 32)
        for byte in plain.utf8 {
            switch byte {
            case UInt8(ascii: "&"): escaped.append(contentsOf: Self.ampersand)
            case UInt8(ascii: "<"): escaped.append(contentsOf: Self.lessThan)
            case UInt8(ascii: ">"): escaped.append(contentsOf: Self.greaterThan)
            default: escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    private static let ampersand = Array("&amp;".utf8)
    private static let lessThan = Array("&lt;".utf8)
    private static let greaterThan = Array("&gt;".utf8)

    public static func encode(_ text: RichText) -> String {
        var output = ""
        for part in text.parts {
            switch part {
            case .text(let plain):
                output += escape(plain)
            case .user(let id, _):
                output += "<@\(id)>"
            case .channel(let id, _):
                output += "<#\(id)>"
            case .link(let url, let label):
                // A `|` would end the URL early; in a URL it is the same as `%7C`.
                output += "<" + escape(url.replacingOccurrences(of: "|", with: "%7C"))
                if let label, !label.isEmpty, label != url { output += "|" + escape(label) }
                output += ">"
            case .strong(let words):
                output += "*" + escape(words) + "*"
            }
        }
        return output
    }

    /// Text as Slack sent it (slash-command `text`, message events) read into rich text.
    ///
    /// `<!here>`, `<!channel>`, `<!everyone>` and user-group mentions become their plain words
    /// (`@here`, `@oncall`), so relaying a message never pings anyone; a date keeps its fallback text.
    /// Control characters (NUL, carriage return, escape, … everything below U+0020 except newline and
    /// tab) are dropped here, the one place typed text comes in, so none reaches a message, a topic or the store.
    public static func decode(_ escaped: String) -> RichText {
        var text = RichText(parts: [])
        var rest = Substring(withoutControlCharacters(escaped))
        while let open = rest.firstIndex(of: "<") {
            text.append(.text(unescape(rest[..<open])))
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: ">") else {
                text.append(.text(unescape(rest[open...])))
                rest = rest[rest.endIndex...]
                break
            }
            text.append(entity(rest[afterOpen..<close]))
            rest = rest[rest.index(after: close)...]
        }
        text.append(.text(unescape(rest)))
        return text
    }

    /// `text` without the control characters below U+0020 other than newline and tab.
    static func withoutControlCharacters(_ text: String) -> String {
        func isControl(_ byte: UInt8) -> Bool { byte < 0x20 && byte != UInt8(ascii: "\n") && byte != UInt8(ascii: "\t") }
        guard text.utf8.contains(where: isControl) else { return text }
        var kept = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !(scalar.value < 0x20 && scalar != "\n" && scalar != "\t") {
            kept.append(scalar)
        }
        return String(kept)
    }

    /// What one `<…>` holds.
    private static func entity(_ inside: Substring) -> RichText.Part {
        let (target, label) = split(inside)
        switch target.first {
        case "@":
            return .user(id: String(target.dropFirst()), name: label)
        case "#":
            return .channel(id: String(target.dropFirst()), name: label)
        case "!":
            let command = target.dropFirst()
            if let label { return .text(label) }
            if command.hasPrefix("subteam^") { return .text("@group") }
            return .text("@" + command)
        default:
            let url = unescape(target)
            return .link(url: url, label: label.flatMap { $0 == url ? nil : $0 })
        }
    }

    /// `target|label` with the label unescaped; a missing or empty label is nil.
    private static func split(_ inside: Substring) -> (target: Substring, label: String?) {
        guard let bar = inside.firstIndex(of: "|") else { return (inside, nil) }
        let label = unescape(inside[inside.index(after: bar)...])
        return (inside[..<bar], label.isEmpty ? nil : label)
    }

    /// `&amp;`, `&lt;` and `&gt;` back to their characters; any other `&` stays as it is.
    static func unescape(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        var output = ""
        var rest = text
        while let amp = rest.firstIndex(of: "&") {
            output += rest[..<amp]
            let tail = rest[amp...]
            if tail.hasPrefix("&amp;") {
                output += "&"
                rest = tail.dropFirst(5)
            } else if tail.hasPrefix("&lt;") {
                output += "<"
                rest = tail.dropFirst(4)
            } else if tail.hasPrefix("&gt;") {
                output += ">"
                rest = tail.dropFirst(4)
            } else {
                output += "&"
                rest = tail.dropFirst()
            }
        }
        return output + rest
    }
}
