import Foundation

extension IncidentView {
    /// The most of the latest status the executive root message shows, in characters. The root is edited
    /// in place and read at a glance; the whole update goes in its thread.
    public static let statusExcerptLimit = 1000

    /// The latest status as a message edited in place shows it: whole when it is short, otherwise cut at a
    /// word boundary (a mention or link is kept whole or left out, never cut) and ended with a note that the
    /// full update is in the thread. Nil without a status.
    public var latestStatusExcerpt: RichText? {
        guard let status = latestStatus else { return nil }
        guard status.plainText.count > Self.statusExcerptLimit else { return status }
        var kept = RichText(parts: [])
        var budget = Self.statusExcerptLimit
        for part in status.parts {
            let length = RichText(parts: [part]).plainText.count
            if length <= budget {
                kept.append(part)
                budget -= length
                continue
            }
            if case .text(let text) = part {
                let head = text.prefix(budget)
                if let space = head.lastIndex(where: \.isWhitespace), head.distance(from: head.startIndex, to: space) >= budget / 2 {
                    kept.append(.text(String(head[..<space])))
                } else {
                    kept.append(.text(String(head)))
                }
            }
            break
        }
        return kept.trimmed() + "… (cut; the full update is in this thread)"
    }
}
