/// Slack's size limits for a message, and the cutting and splitting that keep text within them.
///
/// Lengths are counted in UTF-16 code units: Slack documents "characters" without saying which, and
/// UTF-16 units are never fewer than characters or Unicode scalars, so text within a limit counted this
/// way is within it counted any other way. Cuts fall at a paragraph, line or word boundary where one is
/// near, and never inside `<…>` markup (a mention or a link) or an `&…;` entity.
enum SlackText {
    /// A section block's text (Block Kit reference: "Maximum length for the text in this field is 3000 characters").
    static let sectionLimit = 3000
    /// Blocks in one message (Block Kit reference: "up to 50 blocks in each message").
    static let blocksPerMessage = 50
    /// Elements in one `actions` block (Block Kit reference for the actions block: "a maximum of 25 elements";
    /// python-slack-sdk raised its check from 5 to 25 accordingly, slackapi/python-slack-sdk#1253).
    static let buttonsPerActionsBlock = 25
    /// `chat.postMessage` truncates longer `text` (changelog 2018-04 "truncating really long messages").
    static let postTextLimit = 40_000
    /// `chat.update`: "msg_too_long: The `text` field cannot exceed 4,000 characters" (docs.slack.dev).
    static let updateTextLimit = 4000
    /// All section text of one message together. Slack answers `msg_blocks_too_long` somewhere above about
    /// 13,000 characters of blocks, below every documented limit (slackapi/bolt-js#2509); 12,000 is the
    /// documented limit of `markdown_text`, the nearest documented figure, and stays clear of it.
    static let blocksTextLimit = 12_000
    /// Ends text that was cut, saying where the whole of it is.
    static let cutNote = "… _(cut: too long for one Slack message; the incident's timeline keeps the full text)_"

    /// The length Slack's limits apply to (see the type's note on counting).
    static func length(_ text: some StringProtocol) -> Int {
        text.utf16.count
    }

    /// `text` when it is at most `limit` long; otherwise as much of its start as fits before `note`, then `note`.
    static func cap(_ text: String, to limit: Int, note: String = cutNote) -> String {
        guard length(text) > limit else { return text }
        return cut(text, to: limit, note: note)
    }

    /// As much of `text`'s start as fits before `note` within `limit`, then `note`, even when all of it would fit.
    static func cut(_ text: String, to limit: Int, note: String = cutNote) -> String {
        let room = limit - length(note)
        guard room > 0 else { return String(note.drop { $0 == "…" || $0 == " " }) }
        let head = text[..<breakIndex(in: Substring(text), maxLength: room)]
        let kept = head.trimmingTrailingWhitespace
        return kept.isEmpty ? String(note.drop { $0 == "…" || $0 == " " }) : kept + note
    }

    /// `text` in pieces of at most `limit`, split at paragraph, line or word boundaries where possible;
    /// whitespace at a split is dropped. Empty text gives no pieces.
    static func split(_ text: String, limit: Int) -> [String] {
        var pieces: [String] = []
        var rest = Substring(text).drop { $0.isWhitespace }
        while length(rest) > limit {
            let end = breakIndex(in: rest, maxLength: limit)
            let piece = rest[..<end].trimmingTrailingWhitespace
            if !piece.isEmpty { pieces.append(piece) }
            rest = rest[end...].drop { $0.isWhitespace }
        }
        let last = rest.trimmingTrailingWhitespace
        if !last.isEmpty { pieces.append(last) }
        return pieces
    }

    /// Where to end a piece of `text` at most `maxLength` long: the last paragraph break, else line break,
    /// else space in its second half; else the last place outside markup and entities; else the last
    /// character boundary that fits (a single token longer than `maxLength`).
    static func breakIndex(in text: Substring, maxLength: Int) -> Substring.Index {
        guard length(text) > maxLength else { return text.endIndex }
        var used = 0
        var inMarkup = false
        var entityLength: Int?
        var paragraph: (index: Substring.Index, at: Int)?
        var line: (index: Substring.Index, at: Int)?
        var space: (index: Substring.Index, at: Int)?
        var safe: Substring.Index?
        var index = text.startIndex
        var previous: Character?
        while index < text.endIndex {
            let character = text[index]
            // A cut before `character` is clean when no markup or entity is open.
            if index > text.startIndex, !inMarkup, entityLength == nil {
                safe = index
                if character == "\n" {
                    if previous == "\n" { paragraph = (text.index(before: index), used - 1) }
                    line = (index, used)
                } else if character.isWhitespace {
                    space = (index, used)
                }
            }
            let size = String(character).utf16.count
            if used + size > maxLength { break }
            switch character {
            case "<": inMarkup = true
            case ">", "\n": inMarkup = false
            default: break
            }
            if character == "&" {
                entityLength = 0
            } else if let count = entityLength {
                let continues = count < 8 && (character.isLetter || character.isNumber || character == "#")
                entityLength = continues ? count + 1 : nil
            }
            used += size
            previous = character
            index = text.index(after: index)
        }
        let half = maxLength / 2
        for candidate in [paragraph, line, space] {
            if let candidate, candidate.at >= half { return candidate.index }
        }
        if let safe { return safe }
        // One token longer than the limit: cut it at the last character that fits, at least one character in.
        return index > text.startIndex ? index : text.index(after: text.startIndex)
    }
}

extension StringProtocol {
    /// The text without trailing spaces and line breaks.
    fileprivate var trimmingTrailingWhitespace: String {
        var end = endIndex
        while end > startIndex, self[index(before: end)].isWhitespace { end = index(before: end) }
        return String(self[..<end])
    }
}
