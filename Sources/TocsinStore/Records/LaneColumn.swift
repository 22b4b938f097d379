import TocsinApp

/// How a ``Lane`` is stored in `outbox.lane`: written and parsed here only. The text keeps the form earlier
/// versions wrote (`incident-7`, `topic-7`, `channel-payments`, `tracker`), so stored entries still read.
extension Lane {
    private static let incidentPrefix = "incident-"
    private static let topicPrefix = "topic-"
    private static let channelPrefix = "channel-"
    private static let trackerName = "tracker"
    private static let pagingPrefix = "paging-"
    private static let alarmPrefix = "alarm-"

    /// The lane as its column holds it.
    var column: String {
        switch self {
        case .incident(let number): Self.incidentPrefix + String(number)
        case .topic(let number): Self.topicPrefix + String(number)
        case .channel(let name): Self.channelPrefix + name
        case .tracker: Self.trackerName
        case .paging(let number): Self.pagingPrefix + String(number)
        case .alarm(let number, let due): Self.alarmPrefix + String(number) + "-" + String(due)
        }
    }

    /// A stored lane read back; throws `.corrupt` naming the outbox row when it is none of the forms above.
    init(column: String, row id: Int64) throws(StoreError) {
        if column == Self.trackerName {
            self = .tracker
        } else if column.hasPrefix(Self.channelPrefix), column.count > Self.channelPrefix.count {
            self = .channel(String(column.dropFirst(Self.channelPrefix.count)))
        } else if column.hasPrefix(Self.incidentPrefix), let number = Int(column.dropFirst(Self.incidentPrefix.count)) {
            self = .incident(number)
        } else if column.hasPrefix(Self.topicPrefix), let number = Int(column.dropFirst(Self.topicPrefix.count)) {
            self = .topic(number)
        } else if column.hasPrefix(Self.pagingPrefix), let number = Int(column.dropFirst(Self.pagingPrefix.count)) {
            self = .paging(number)
        } else if column.hasPrefix(Self.alarmPrefix), let alarm = Lane(alarmColumn: column.dropFirst(Self.alarmPrefix.count)) {
            self = alarm
        } else {
            throw .corrupt("outbox row \(id) has lane \(column)")
        }
    }
}

extension Lane {
    /// `<number>-<due seconds>`, the rest of an alarm lane's column.
    init?(alarmColumn rest: Substring) {
        let parts = rest.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let number = Int(parts[0]), let due = Int(parts[1]) else { return nil }
        self = .alarm(number, due: due)
    }
}
