import Foundation

/// The timeline as `/incident timeline` shows it: UTC times, a page at a time.
public enum TimelineText {
    public static let pageSize = 25

    public static func page(_ entries: [TimelineEntry], of incident: Incident, page: Int, command: String) -> RichText {
        let ordered = TimelineEntry.ordered(entries)
        let pages = max(1, (ordered.count + pageSize - 1) / pageSize)
        let current = min(max(1, page), pages)
        let slice = ordered.dropFirst((current - 1) * pageSize).prefix(pageSize)
        var text: RichText = "\(strong: "Timeline of #\(incident.number) \(incident.title)") (page \(current) of \(pages), times in UTC)"
        for entry in slice {
            text.append("\n• `\(UTCTime.timestamp(entry.at))` \(strong: label(entry.kind)) \(entry.text)")
            if let actor = entry.actor, !entry.text.mentionedUsers.contains(actor) {
                text.append(" (\(user: actor))")
            }
        }
        if current < pages { text.append("\nMore: `\(command) timeline \(current + 1)`") }
        return text
    }

    static func label(_ kind: TimelineEntry.Kind) -> String {
        switch kind {
        case .declared: "declared"
        case .severity: "severity"
        case .role: "role"
        case .checkIn: "check-in"
        case .page: "page"
        case .status: "status"
        case .note: "note"
        case .captured: "captured"
        case .evidence: "evidence"
        case .file: "file"
        case .question: "question"
        case .resolved: "resolved"
        case .impact: "impact"
        case .budget: "error budget"
        case .handoff: "handoff"
        }
    }
}
