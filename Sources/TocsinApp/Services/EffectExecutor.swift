import Foundation
import Logging
import TocsinCore

/// Carries out one stored effect through the chat API, idempotently where the platform allows.
struct EffectExecutor: Sendable {
    static let maxNameAttempts = 20

    let store: any IncidentStore
    let configuration: TocsinConfiguration
    let chat: any ChatAPI
    let renderer: any MessageRenderer
    let tracker: (any IssueTracker)?
    var pager: (any Pager)? = nil
    let identity: BotIdentityCache
    let groups: GroupMembersCache
    let now: @Sendable () -> Date
    let logger: Logger

    /// What went wrong carrying out an effect.
    enum Failure: Error {
        case chat(ChatError)
        case store(StoreError)
        case render(RenderError)
        case tracker(TrackerError)
        case pager(PagerError)
        /// The effect cannot be carried out and retrying will not change that.
        case impossible(String)
        /// A ring channel cannot be used until a person acts; `notice` tells the incident channel (nil once told).
        case unusableRingChannel(RingChannelProblem, notice: Effect?)
    }

    /// What carrying out an effect produced.
    struct Outcome: Equatable {
        /// What later work may need (a message ts), if anything.
        var result: String?
        /// Effects to store with the entry's completion, e.g. telling the incident channel who could not be invited.
        var followUps: [Effect] = []
    }

    /// Carries out `entry`'s effect. A ring channel that cannot be used is reported once to the incident channel.
    func execute(_ entry: OutboxEntry) async throws(Failure) -> Outcome {
        var followUps: [Effect] = []
        do {
            let result = try await perform(entry, followUps: &followUps)
            return Outcome(result: result, followUps: followUps)
        } catch {
            guard let name = entry.effect.ringChannelName, let problem = RingChannelProblem(error, channel: name) else { throw error }
            throw try await report(problem, effect: entry.effect, incident: entry.incidentNumber)
        }
    }

    private func perform(_ entry: OutboxEntry, followUps: inout [Effect]) async throws(Failure) -> String? {
        guard let incident = try await wrap({ () async throws(StoreError) in try await store.incident(number: entry.incidentNumber) }) else {
            throw .impossible("incident #\(entry.incidentNumber) is not in the database")
        }
        switch entry.effect {
        case .createIncidentChannel(let name):
            if let channel = incident.channel { return channel.id }
            let channel = try await createChannel(baseName: name, mayExist: entry.mayHaveTakenEffect)
            try await wrap { () async throws(StoreError) in try await store.setChannel(channel, forIncident: incident.number) }
            return channel.id
        case .inviteResponders(let userIDs, let groupHandles):
            let channel = try requireChannel(incident)
            var users = userIDs
            for handle in groupHandles {
                for user in try await call({ () async throws(ChatError) in try await groups.members(of: handle, chat) }) where !users.contains(user) {
                    users.append(user)
                }
            }
            let bot = try await call { () async throws(ChatError) in try await identity.get(chat) }
            users.removeAll { $0 == bot.userID }
            guard !users.isEmpty else { return nil }
            let refused = try await call { () async throws(ChatError) in try await chat.invite(userIDs: users, toChannel: channel.id) }
            if !refused.isEmpty {
                logger.warning("some responders could not be invited", metadata: [
                    "channel": "\(channel.name)", "users": "\(refused.map { "\($0.userID) (\($0.code))" }.joined(separator: ", "))",
                ])
                let view = IncidentPlanner(configuration: configuration).view(of: incident, now: now())
                followUps.append(.post(Post(target: .incidentChannel, view: view, content: .invitesRefused(refused))))
            }
            // Who was invited, so each responder's time to action can be counted from their invitation.
            let refusedIDs = Set(refused.map(\.userID))
            return InvitedUsers.result(users.filter { !refusedIDs.contains($0) })
        case .setIncidentTopic(let topic):
            let channel = try requireChannel(incident)
            try await call { () async throws(ChatError) in try await chat.setTopic(topic, channelID: channel.id) }
            return nil
        case .post(let post):
            var message = try render(post, incident: incident)
            message.marker = "outbox-\(entry.id)"
            let mayHavePosted = entry.mayHaveTakenEffect
            switch post.target {
            case .incidentChannel:
                let channel = try requireChannel(incident)
                let ts: String
                if mayHavePosted, let found = try await alreadyPosted(message, channelID: channel.id) {
                    ts = found
                } else {
                    ts = try await call { () async throws(ChatError) in try await chat.postMessage(message, channelID: channel.id) }
                }
                if post.template == .welcome {
                    // The welcome is the incident channel's root message, edited when the incident resolves.
                    try await wrap { () async throws(StoreError) in
                        try await store.recordRootMessage(incident: incident.number, channelName: channel.name, channelID: channel.id, ts: ts)
                    }
                }
                return ts
            case .named(let name):
                let (channelID, ts) = try await postToRingChannel(named: name, message: message, mayHavePosted: mayHavePosted)
                if post.template == .execRoot {
                    try await wrap { () async throws(StoreError) in
                        try await store.recordRootMessage(incident: incident.number, channelName: name, channelID: channelID, ts: ts)
                    }
                }
                return ts
            case .thread(let name):
                let root = try await requireRoot(incident, channelName: name)
                message.threadTS = root.ts
                if mayHavePosted, let ts = try await alreadyPosted(message, channelID: root.channelID) { return ts }
                return try await call { () async throws(ChatError) in try await chat.postMessage(message, channelID: root.channelID) }
            case .directMessage(let user):
                // Opening the conversation again is harmless; the marker finds a message an interrupted attempt sent.
                let conversation = try await call { () async throws(ChatError) in try await chat.openDirectMessage(userID: user) }
                if mayHavePosted, let ts = try await alreadyPosted(message, channelID: conversation) { return ts }
                return try await call { () async throws(ChatError) in try await chat.postMessage(message, channelID: conversation) }
            }
        case .addReaction(let ts, let name):
            let channel = try requireChannel(incident)
            try await call { () async throws(ChatError) in try await chat.addReaction(name, channelID: channel.id, ts: ts) }
            return nil
        case .fileActionItem(let id):
            return try await file(actionItem: id, incident: incident, mayExist: entry.mayHaveTakenEffect)
        case .page(let request):
            try await page(request, incident: incident)
            return nil
        case .alarm(let alarm):
            return try await ring(alarm, incident: incident)
        case .archiveChannel:
            return try await archive(incident)
        case .updateRoot(let post):
            let message = try render(post, incident: incident)
            let root: RootMessage
            if let name = post.target.channelName {
                root = try await requireRoot(incident, channelName: name)
            } else {
                root = try await requireWelcome(incident)
            }
            try await call { () async throws(ChatError) in try await chat.updateMessage(message, channelID: root.channelID, ts: root.ts) }
            return root.ts
        }
    }

    /// Files an action item in the tracker, once: an issue an interrupted attempt filed is found by its label.
    private func file(actionItem id: Int, incident: Incident, mayExist: Bool) async throws(Failure) -> String? {
        guard let tracker else { throw .impossible("no tracker is configured") }
        guard let item = try await wrap({ () async throws(StoreError) in try await store.actionItem(id: id) }) else {
            throw .impossible("action item #\(id) is not in the database")
        }
        if let key = item.trackerKey { return key }
        do {
            var key = mayExist ? try await tracker.findIssue(marker: item.trackerMarker) : nil
            if key == nil {
                key = try await tracker.createIssue(TrackerIssue(
                    summary: item.text,
                    description: "Action item #\(item.id) from incident #\(incident.number) (\(incident.severity)): \(incident.title). Owner: \(item.owner)\(item.due.map { ". Due \($0)" } ?? "").",
                    marker: item.trackerMarker
                ))
            }
            guard let key else { throw TrackerError.transient("no_key") }
            try await wrap { () async throws(StoreError) in try await store.setTrackerKey(key, actionItem: id) }
            return key
        } catch let error as TrackerError {
            throw .tracker(error)
        } catch let error as Failure {
            throw error
        } catch {
            throw .impossible("\(error)")
        }
    }

    /// The ts of this very message if an earlier, interrupted attempt posted it. A failed lookup
    /// that retrying will not fix (e.g. a missing scope) counts as "not posted".
    private func alreadyPosted(_ message: OutgoingMessage, channelID: String) async throws(Failure) -> String? {
        guard let marker = message.marker else { return nil }
        do {
            let ts = try await chat.findMessage(marker: marker, channelID: channelID, threadTS: message.threadTS)
            if ts != nil { logger.notice("found the message an interrupted delivery posted", metadata: ["marker": "\(marker)"]) }
            return ts
        } catch {
            switch error.retry {
            case .withBackoff, .after: throw .chat(error)
            case .whenCredentialsWork, .never: break
            }
            logger.warning("cannot check whether an interrupted delivery posted", metadata: ["reason": "\(error.code)"])
            return nil
        }
    }

    private func render(_ post: Post, incident: Incident) throws(Failure) -> OutgoingMessage {
        do {
            return try renderer.render(post, incidentChannel: incident.channel)
        } catch {
            throw .render(error)
        }
    }

    private func requireRoot(_ incident: Incident, channelName: String) async throws(Failure) -> RootMessage {
        guard let root = try await wrap({ () async throws(StoreError) in try await store.rootMessage(incident: incident.number, channelName: channelName) }) else {
            throw .impossible("incident #\(incident.number) has no root message in #\(channelName)")
        }
        return root
    }

    /// The incident channel's welcome message, recorded as the channel's root message when it was posted.
    private func requireWelcome(_ incident: Incident) async throws(Failure) -> RootMessage {
        let channel = try requireChannel(incident)
        guard let root = try await wrap({ () async throws(StoreError) in try await store.rootMessage(incident: incident.number, channelName: channel.name) }) else {
            throw .impossible("incident #\(incident.number) has no recorded welcome message to edit")
        }
        return root
    }

    private func requireChannel(_ incident: Incident) throws(Failure) -> ChannelInfo {
        guard let channel = incident.channel else { throw .impossible("incident #\(incident.number) has no channel yet") }
        return channel
    }

    /// Creates the incident channel, adding `-2`, `-3`, … on collisions. When an earlier attempt
    /// may have created it (a crash or a timeout after the call), a channel of that name created
    /// by the bot itself is adopted instead of making a second one.
    private func createChannel(baseName: String, mayExist: Bool) async throws(Failure) -> ChannelInfo {
        for attempt in 1...Self.maxNameAttempts {
            let name = ChannelName.variant(of: baseName, attempt: attempt)
            do {
                return try await chat.createChannel(named: name)
            } catch .nameTaken {
                if mayExist, let existing = try await call({ () async throws(ChatError) in try await chat.findChannel(named: name) })?.info {
                    let bot = try await call { () async throws(ChatError) in try await identity.get(chat) }
                    if existing.creator == bot.userID {
                        logger.notice("adopting the channel an earlier attempt created", metadata: ["channel": "\(existing.name)"])
                        return existing
                    }
                }
                continue
            } catch {
                throw .chat(error)
            }
        }
        throw .impossible("every name from \(baseName) to \(ChannelName.variant(of: baseName, attempt: Self.maxNameAttempts)) is taken")
    }

    /// Posts in a ring channel by name: found (or created) once and remembered; joined when the bot is not in it.
    /// Returns the channel id and the message ts.
    private func postToRingChannel(named name: String, message: OutgoingMessage, mayHavePosted: Bool) async throws(Failure) -> (String, String) {
        let channel = try await ringChannel(named: name)
        if mayHavePosted, let ts = try await alreadyPosted(message, channelID: channel.id) { return (channel.id, ts) }
        do {
            return (channel.id, try await chat.postMessage(message, channelID: channel.id))
        } catch .notInChannel {
            try await call { () async throws(ChatError) in try await chat.joinChannel(id: channel.id) }
            return (channel.id, try await call { () async throws(ChatError) in try await chat.postMessage(message, channelID: channel.id) })
        } catch {
            throw .chat(error)
        }
    }

    private func ringChannel(named name: String) async throws(Failure) -> ChannelInfo {
        if let known = try await wrap({ () async throws(StoreError) in try await store.knownChannel(named: name) }) { return known }
        let channel: ChannelInfo
        if let found = try await call({ () async throws(ChatError) in try await chat.findChannel(named: name) }) {
            // An archived channel is found too: its name stays taken, so it must not be created again.
            channel = try await usableRingChannel(found)
        } else {
            do {
                channel = try await chat.createChannel(named: name)
            } catch .nameTaken {
                // Created by someone else since we looked, or a private channel the bot is not in (invisible to it).
                guard let found = try await call({ () async throws(ChatError) in try await chat.findChannel(named: name) }) else {
                    throw .unusableRingChannel(.hidden(name), notice: nil)
                }
                channel = try await usableRingChannel(found)
            } catch {
                throw .chat(error)
            }
        }
        try await wrap { () async throws(StoreError) in try await store.rememberChannel(channel) }
        return channel
    }

    /// Runs a chat API call, its error as a ``Failure``.
    func call<T>(_ body: () async throws(ChatError) -> T) async throws(Failure) -> T {
        do { return try await body() } catch { throw .chat(error) }
    }

    /// Runs a store call, its error as a ``Failure``.
    func wrap<T>(_ body: () async throws(StoreError) -> T) async throws(Failure) -> T {
        do { return try await body() } catch { throw .store(error) }
    }
}

/// User-group members, asked of the workspace at most once per `lifetime` per group: a burst of
/// incidents on one service must not spend the tight user-group rate limit on the same answer.
actor GroupMembersCache {
    private let lifetime: Duration
    private var entries: [String: (members: [String], fetched: ContinuousClock.Instant)] = [:]

    init(lifetime: Duration = .seconds(300)) {
        self.lifetime = lifetime
    }

    func members(of handle: String, _ chat: any ChatAPI) async throws(ChatError) -> [String] {
        let key = handle.lowercased()
        if let entry = entries[key], ContinuousClock.now - entry.fetched < lifetime { return entry.members }
        let members = try await chat.userGroupMembers(handle: handle)
        entries[key] = (members, ContinuousClock.now)
        return members
    }
}

/// The bot's identity, asked of the workspace once and then remembered.
actor BotIdentityCache {
    private var identity: BotIdentity?

    func get(_ chat: any ChatAPI) async throws(ChatError) -> BotIdentity {
        if let identity { return identity }
        let fetched = try await chat.identity()
        identity = fetched
        return fetched
    }
}
