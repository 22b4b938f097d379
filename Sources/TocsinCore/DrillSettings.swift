/// How practice incidents are told (`drills:` in the configuration): a drill reaches no real ring; when
/// `channel` is set, that one channel hears of it instead, the way the executive channel hears of an incident
/// (one root message, edited in place, with the updates in its thread).
public struct DrillSettings: Sendable, Equatable {
    /// The channel that hears of drills in place of every informed ring; nil: a drill tells no ring.
    public var channel: String?

    public init(channel: String? = nil) {
        self.channel = channel
    }
}
