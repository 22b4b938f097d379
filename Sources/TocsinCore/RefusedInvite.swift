/// Someone who could not be invited into an incident channel, and why, for the people in it to act on.
public struct RefusedInvite: Sendable, Equatable, Codable {
    public var userID: String
    /// The chat platform's own name for the reason (e.g. `user_not_found`), to look up in its documentation.
    public var code: String
    /// The reason in a few words, e.g. "no such user".
    public var reason: String

    public init(userID: String, code: String, reason: String) {
        self.userID = userID
        self.code = code
        self.reason = reason
    }
}
