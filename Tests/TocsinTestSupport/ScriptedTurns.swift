import Synchronization

/// Values handed out one per call, in order, for a script that answers each call differently (fail twice,
/// then succeed); nil once they are used up.
public final class ScriptedTurns<Element: Sendable>: Sendable {
    private let remaining: Mutex<[Element]>

    public init(_ turns: [Element]) {
        remaining = Mutex(turns)
    }

    /// The next value, or nil when every one was handed out.
    public func next() -> Element? {
        remaining.withLock { $0.isEmpty ? nil : $0.removeFirst() }
    }
}
