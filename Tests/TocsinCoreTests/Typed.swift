import TocsinCore

/// A command line as a person typed it, for parser tests: a word `@U…` or `@W…` (a user id) is a
/// mention of that person, everything else text. (How Slack writes mentions is TocsinSlack's test.)
func typed(_ line: String) -> RichText {
    var text = RichText(parts: [])
    var word = ""
    func flush() {
        let id = word.dropFirst()
        if word.hasPrefix("@"), let first = id.first, "UW".contains(first), id.count >= 2, id.allSatisfy({ $0.isUppercase || $0.isNumber }) {
            text.append(.user(id: String(id), name: nil))
        } else {
            text.append(.text(word))
        }
        word = ""
    }
    for character in line {
        if character.isWhitespace {
            flush()
            text.append(.text(String(character)))
        } else {
            word.append(character)
        }
    }
    flush()
    return text
}
