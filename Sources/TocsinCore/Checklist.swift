import Foundation

/// One item of a severity's checklist as the welcome message shows it: still to do, or ticked off by
/// someone at a time.
public struct ChecklistItem: Sendable, Equatable, Codable {
    public var text: String
    /// Who ticked it off; nil while it is still to do.
    public var doneBy: String?
    public var doneAt: Date?

    public init(text: String, doneBy: String? = nil, doneAt: Date? = nil) {
        self.text = text
        self.doneBy = doneBy
        self.doneAt = doneAt
    }

    public var isDone: Bool { doneBy != nil }
}

/// Severity checklists (`severities[].checklist`): ticking an item off is a timeline entry (kind `checklist`)
/// whose key names the item, so an item is ticked off once however often it is clicked, and the welcome
/// message shows the items ticked off so far, read back from the timeline.
public enum Checklist {
    /// The timeline key of an item ticked off: one per item and incident.
    public static func key(for item: String) -> String { "checklist:" + item }

    /// The configured items with who ticked each off and when, from the incident's timeline.
    public static func items(_ texts: [String], timeline: [TimelineEntry]) -> [ChecklistItem] {
        texts.map { text in
            let tick = timeline.first { $0.kind == .checklist && $0.key == key(for: text) }
            return ChecklistItem(text: text, doneBy: tick?.actor, doneAt: tick?.at)
        }
    }

    /// Whether `item` is on the checklist of any configured severity: a button from an earlier severity (or
    /// configuration) still ticks off, but nothing that was never on a checklist reaches the timeline.
    public static func isConfigured(_ item: String, in configuration: TocsinConfiguration) -> Bool {
        configuration.severities.contains { $0.checklist.contains(item) }
    }
}

/// Why a checklist button click was not recorded; `message` is the sentence the person sees.
public enum ChecklistError: Error, Sendable, Equatable {
    /// The item is on no configured checklist (the configuration changed since the button was drawn).
    case unknownItem(String)
    case alreadyDone(item: String, by: String, at: Date)
    case ended(number: Int)

    public var code: String {
        switch self {
        case .unknownItem: "unknown_checklist_item"
        case .alreadyDone: "checklist_item_done"
        case .ended: "incident_ended"
        }
    }
}

extension IncidentPlanner {
    /// Ticks `item` off `incident`'s checklist: a timeline entry, and the welcome message redrawn so its
    /// button shows the item done (delivery fills in every tick from the timeline when it draws it).
    public func tick(_ item: String, on incident: Incident, by userID: String, timeline: [TimelineEntry], now: Date) -> Result<Decision, ChecklistError> {
        guard incident.state.isActive else { return .failure(.ended(number: incident.number)) }
        guard Checklist.isConfigured(item, in: configuration) else { return .failure(.unknownItem(item)) }
        if let done = Checklist.items([item], timeline: timeline).first, let by = done.doneBy, let at = done.doneAt {
            return .failure(.alreadyDone(item: item, by: by, at: at))
        }
        let entry = TimelineEntry(at: now, kind: .checklist, actor: userID, text: "Checklist: \(item)", key: Checklist.key(for: item))
        let welcome = Post(target: .incidentChannel, view: view(of: incident, now: now), ring: .responders, content: .welcome)
        return .success(Decision(incident: incident, effects: [.updateRoot(welcome)], timeline: [entry]))
    }
}
