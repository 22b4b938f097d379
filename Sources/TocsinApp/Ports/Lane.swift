/// A queue inside the outbox: entries in one lane run one after another, in the order they were stored;
/// different lanes run concurrently. A lane is what must not be reordered: the steps on one incident's
/// channel, one ring channel's posts, the tracker.
public enum Lane: Hashable, Sendable {
    /// The incident channel: create it, then invite, welcome, react, in order.
    case incident(Int)
    /// The incident channel's topic, apart so a tightly rate-limited call does not hold up the welcome.
    case topic(Int)
    /// A ring or other named channel: its posts stay in order across incidents.
    case channel(String)
    /// Issues filed in the tracker.
    case tracker
    /// Pages sent for one incident: a trigger before its resolve, apart from the chat so an outage of either waits alone.
    case paging(Int)
    /// One alarm of an incident, by when it is due (Unix seconds): alarms need no order among themselves, and one
    /// due later must not hold up one due sooner, so each due time is a lane of its own.
    case alarm(Int, due: Int)
}
