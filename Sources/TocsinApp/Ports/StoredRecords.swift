import Foundation

/// An incident's root message in a channel (a ring's broadcast message, the incident channel's welcome),
/// edited in place as the incident changes.
public struct RootMessage: Sendable, Equatable {
    public var channelID: String
    public var ts: String

    public init(channelID: String, ts: String) {
        self.channelID = channelID
        self.ts = ts
    }
}

/// A responder's check-in as stored.
public struct CheckIn: Sendable, Equatable {
    public var userID: String
    public var at: Date

    public init(userID: String, at: Date) {
        self.userID = userID
        self.at = at
    }
}
