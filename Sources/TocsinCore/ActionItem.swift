import Foundation

/// A follow-up from an incident, tracked until it is done.
public struct ActionItem: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable { case open, done }

    /// Assigned by the store.
    public var id: Int
    public var incidentNumber: Int
    public var owner: String
    public var text: String
    /// `YYYY-MM-DD`, when a due date was given.
    public var due: String?
    public var state: State
    public var createdBy: String
    public var createdAt: Date
    public var doneAt: Date?
    /// The tracker issue it was filed as (e.g. `OPS-123`).
    public var trackerKey: String?

    public init(
        id: Int, incidentNumber: Int, owner: String, text: String, due: String?, state: State = .open,
        createdBy: String, createdAt: Date, doneAt: Date? = nil, trackerKey: String? = nil
    ) {
        self.trackerKey = trackerKey
        self.id = id
        self.incidentNumber = incidentNumber
        self.owner = owner
        self.text = text
        self.due = due
        self.state = state
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.doneAt = doneAt
    }

    /// Overdue on `today` (`YYYY-MM-DD`, UTC) when still open past its due date.
    public func isOverdue(today: String) -> Bool {
        state == .open && due.map { $0 < today } == true
    }

    /// Open items, overdue first (earliest due first), then by due date, then undated, oldest first.
    public static func followUpOrder(_ items: [ActionItem], today: String) -> [ActionItem] {
        items.filter { $0.state == .open }.sorted { a, b in
            let (ao, bo) = (a.isOverdue(today: today), b.isOverdue(today: today))
            if ao != bo { return ao }
            switch (a.due, b.due) {
            case let (x?, y?) where x != y: return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.id < b.id
            }
        }
    }
}

/// `/incident action @owner <text> [due:YYYY-MM-DD]`, parsed.
public struct ActionRequest: Sendable, Equatable {
    public var owner: String
    public var text: String
    public var due: String?

    public init(owner: String, text: String, due: String?) {
        self.owner = owner
        self.text = text
        self.due = due
    }

    /// A real calendar date written `YYYY-MM-DD`.
    static func isDate(_ text: String) -> Bool {
        UTCTime.isDay(text)
    }
}

extension ActionItem {
    /// The label that identifies the tracker issue filed for this item, found again after a crash.
    public var trackerMarker: String { "tocsin-action-\(id)" }
}
