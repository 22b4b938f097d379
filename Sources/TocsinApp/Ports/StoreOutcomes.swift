import Foundation
import TocsinCore

/// What a state-changing request did: carried out now, or already carried out for the same request id
/// (a request the platform sent twice, or a replay of it), in which case nothing was done again.
public enum RequestOutcome<Value: Sendable>: Sendable {
    case done(Value)
    /// Carried out before, on this incident (when the earlier request named one).
    case repeated(incident: Int?)

    /// The outcome of a request carried out now; nil for a repeat.
    public var value: Value? {
        if case .done(let value) = self { return value }
        return nil
    }
}

extension RequestOutcome: Equatable where Value: Equatable {}

/// What recording a check-in did.
public enum CheckInOutcome: Sendable, Equatable {
    case recorded(isFirst: Bool)
    case alreadyCheckedIn(at: Date)
    case noSuchIncident
}

/// What marking an action item done did.
public enum ActionItemCompletion: Sendable, Equatable {
    case done(ActionItem)
    case alreadyDone(ActionItem)
    case notAllowed(ActionItem)
    case noSuchItem
}
