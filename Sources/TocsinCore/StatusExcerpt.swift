import Foundation

extension IncidentView {
    /// The most of the latest status the executive root message shows, in characters. The root is edited
    /// in place and read at a glance; the whole update goes in its thread.
    public static let statusExcerptLimit = 1000

    /// The latest status as a message edited in place shows it: whole when it is short, otherwise cut at a
    /// word boundary outside any `<…>` mention or link, and ended with a note that the full update is in
    /// the thread. Nil without a status.
    public var latestStatusExcerpt: String? {
        guard let status = latestStatus else { return nil }
        guard status.count > Self.statusExcerptLimit else { return status }
        let head = status.prefix(Self.statusExcerptLimit)
        var cut = head.endIndex
        var inMarkup = false
        var index = head.startIndex
        while index < head.endIndex {
            let character = head[index]
            if character.isWhitespace, !inMarkup { cut = index }
            if character == "<" { inMarkup = true } else if character == ">" || character == "\n" { inMarkup = false }
            index = head.index(after: index)
        }
        let kept = head.distance(from: head.startIndex, to: cut) >= Self.statusExcerptLimit / 2 ? head[..<cut] : head
        return kept.trimmingCharacters(in: .whitespacesAndNewlines) + "… (cut; the full update is in this thread)"
    }
}
