import Foundation

/// The sandbox's Slack workspace: channels, messages and everything the bot asked of it.
///
/// The HTTP routes call into it for every Web API call; tests and the web page read it back. All state lives
/// in this one actor so each call is applied atomically, as Slack applies it.
public actor SandboxWorkspace {
    let seed: SandboxSeed
    var channelOrder: [String] = []
    var channelRecords: [String: ChannelRecord] = [:]
    var messageLog: [String: [MessageRecord]] = [:]
    var ephemeralLog: [SandboxEphemeral] = []
    var callLog: [SandboxCall] = []
    /// Web API calls received and not yet answered (delayed by latency or a `hang`).
    var unansweredCalls = 0
    var rateLimitsEnabled = false
    var botTokenRevoked = false
    var rateLimiter = RateLimiter()
    var rateLimitClock: (@Sendable () -> Date)?
    var failurePlan = FailurePlan()
    var latency: Double = 0
    var ids = IdentifierSource()
    var clock = TimestampClock()
    var responseURLs: [String: ResponseURLGrant] = [:]
    var openedViewLog: [SandboxView] = []
    var usedTriggers: Set<String> = []
    var issuedTriggers: [String: IssuedTrigger] = [:]
    /// The views opened, whole, by id (``openedViewLog`` keeps what tests read).
    var openedViewJSON: [String: JSON] = [:]
    /// The bot's direct-message conversation with each person it opened one with, by user id.
    var directMessageIDs: [String: String] = [:]
    /// Where joins go, one stream per running server (each delivers them to its own bot as events).
    var joinSubscribers: [Int: AsyncStream<MemberJoin>.Continuation] = [:]
    var nextJoinSubscriber = 0

    public init(seed: SandboxSeed) {
        self.seed = seed
        let now = Int(Date().timeIntervalSince1970)
        var ids = IdentifierSource()
        for name in seed.channels {
            let id = ids.make(prefix: "C")
            channelOrder.append(id)
            channelRecords[id] = ChannelRecord(
                id: id, name: name, creator: seed.users.first?.id ?? seed.botUserID, created: now,
                isPrivate: false, members: seed.users.map(\.id)
            )
        }
        for channel in seed.privateChannels {
            let id = ids.make(prefix: "C")
            channelOrder.append(id)
            channelRecords[id] = ChannelRecord(
                id: id, name: channel.name, creator: seed.users.first?.id ?? seed.botUserID, created: now,
                isPrivate: true, members: seed.users.map(\.id) + (channel.botIsMember ? [seed.botUserID] : [])
            )
        }
        self.ids = ids
    }

    // MARK: Reading the workspace

    /// Every channel in creation order, archived ones included.
    public func channels() -> [SandboxChannel] {
        channelOrder.compactMap { channelRecords[$0]?.snapshot }
    }

    public func channel(named name: String) -> SandboxChannel? {
        channelOrder.lazy.compactMap { self.channelRecords[$0] }.first { $0.name == name }?.snapshot
    }

    public func channel(id: String) -> SandboxChannel? {
        channelRecords[id]?.snapshot
    }

    /// Root messages and thread replies in the order they were posted.
    public func messages(inChannel id: String) -> [SandboxMessage] {
        (messageLog[id] ?? []).map(\.snapshot)
    }

    /// The messages the bot sent `userID` in their direct-message conversation, oldest first (none when it
    /// never opened one with them).
    public func directMessages(with userID: String) -> [SandboxMessage] {
        directMessageIDs[userID].map { messages(inChannel: $0) } ?? []
    }

    /// Ephemeral messages (from `chat.postEphemeral` and slash-command replies) in the order they were sent.
    public func ephemerals() -> [SandboxEphemeral] {
        ephemeralLog
    }

    public func bookmarks(inChannel id: String) -> [SandboxBookmark] {
        channelRecords[id]?.bookmarks ?? []
    }

    public func users() -> [SandboxUser] {
        seed.users
    }

    /// Every Web API call received, in order, with how it was answered.
    public func calls() -> [SandboxCall] {
        callLog
    }

    public func resetCalls() {
        callLog.removeAll()
    }

    /// How many Web API calls are being answered now: a call delayed by latency or a `hang` counts until its
    /// answer is ready, so a test can wait for every call it caused to have landed.
    public func callsInProgress() -> Int {
        unansweredCalls
    }

    // MARK: Faults

    /// Revokes the bot token, as uninstalling the app or rotating the token does: every call then
    /// answers `token_revoked`, as Slack's does, until `reinstateBotToken()`.
    public func revokeBotToken() {
        botTokenRevoked = true
    }

    public func reinstateBotToken() {
        botTokenRevoked = false
    }

    /// Turns Slack's rate limits on or off (off by default so tests that do not study them stay fast).
    /// `clock` replaces the wall clock for the limits alone, so a test can hold time still.
    public func setRateLimitsEnabled(_ on: Bool, clock: (@Sendable () -> Date)? = nil) {
        rateLimitsEnabled = on
        rateLimitClock = clock
        if !on { rateLimiter = RateLimiter() }
    }

    /// A delay, in seconds, before each Web API call is answered.
    public func setLatency(_ seconds: Double) {
        latency = max(0, seconds)
    }

    /// Forgets every failure still queued by ``injectFailure(method:failure:times:)``.
    public func clearInjectedFailures() {
        failurePlan.removeAll()
    }

    /// Archives a channel as a person in the workspace would (the bot need not be in it), for tests and drills.
    /// Returns false when there is no channel of that name or it is archived already.
    @discardableResult
    public func archiveChannel(named name: String) -> Bool {
        guard let id = channelOrder.first(where: { channelRecords[$0]?.name == name }),
              channelRecords[id]?.isArchived == false
        else { return false }
        channelRecords[id]?.isArchived = true
        return true
    }

    /// Makes the next `times` calls to `method` fail with `failure`.
    public func injectFailure(method: String, failure: SandboxFailure, times: Int) {
        failurePlan.add(method: method, failure: failure, times: times)
    }
}
