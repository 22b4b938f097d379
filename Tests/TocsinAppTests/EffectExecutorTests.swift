import Foundation
import Logging
import Testing
@testable import TocsinApp
import TocsinCore
import TocsinStore
import TocsinTestSupport

/// Each effect carried out against the recording chat platform: which calls it makes, with what, and
/// what comes back (a result, follow-ups, or a failure the delivery service acts on).
@Suite struct EffectExecutorTests {
    static let bot = BotIdentity(userID: "U0BOT", teamID: "T0SANDBOX")
    static let incidentChannel = ChannelInfo(id: "C0INC", name: "inc-1-checkout-card-payments-failing", creator: "U0BOT")

    let clock = ManualClock()
    let chat = RecordingChat()

    /// An executor over `store`, the recording chat and `tracker`.
    func executor(_ store: AppDatabase, tracker: (any IssueTracker)? = nil) -> EffectExecutor {
        EffectExecutor(
            store: store, configuration: Example.configuration, chat: chat, renderer: NamingRenderer(), tracker: tracker,
            identity: BotIdentityCache(), groups: GroupMembersCache(), now: clock.now, logger: Logger(label: "test")
        )
    }

    /// Incident #1's stored entry whose effect `matches`.
    func entry(_ store: AppDatabase, _ matches: (Effect) -> Bool) async throws -> OutboxEntry {
        try #require(try await store.outboxEntries(incident: 1).first { matches($0.effect) })
    }

    /// The entry posting `template` to `target`.
    func post(_ store: AppDatabase, _ template: MessageTemplate, to target: ChannelTarget) async throws -> OutboxEntry {
        try await entry(store) { $0.post?.template == template && $0.post?.target == target }
    }

    /// Gives incident #1 its channel, as a delivered `createIncidentChannel` would.
    func giveChannel(_ store: AppDatabase) async throws {
        try await store.setChannel(Self.incidentChannel, forIncident: 1)
    }

    /// The failure carrying out `entry` ends in, or nil when it succeeds.
    func failure(_ executor: EffectExecutor, _ entry: OutboxEntry) async -> EffectExecutor.Failure? {
        do {
            _ = try await executor.execute(entry)
            return nil
        } catch {
            return error
        }
    }

    /// `entry` as an earlier attempt left it when its outcome was unknown (a crash or a timeout after the call).
    func interrupted(_ entry: OutboxEntry) -> OutboxEntry {
        var entry = entry
        entry.attempts = 1
        entry.settledAttempts = 0
        return entry
    }

    // MARK: The incident channel

    @Test func theIncidentChannelIsCreatedAndRecorded() async throws {
        try await withDeclaredIncident(clock: clock) { store, _ in
            chat.script { $0.createChannel = { name in ChannelInfo(id: "C0INC", name: name, creator: "U0BOT") } }
            let create = try await entry(store) { if case .createIncidentChannel = $0 { true } else { false } }
            let outcome = try await executor(store).execute(create)
            #expect(chat.calls == [.createChannel(name: Self.incidentChannel.name)])
            #expect(outcome == EffectExecutor.Outcome(result: "C0INC"))
            #expect(try await store.incident(number: 1)?.channel == Self.incidentChannel)
        }
    }

    /// Nobody checked in: the follow-up mentions the user group's members. A lookup the rate limit makes wait
    /// retries the alarm instead of naming the group by its handle (which notifies nobody).
    @Test func aCheckInFollowUpWaitsForARateLimitedGroupLookupInsteadOfNamingTheGroup() async throws {
        try await withDeclaredIncident(clock: clock) { store, _ in
            try await giveChannel(store)
            let alarm = try await entry(store) { if case .alarm(let alarm) = $0, case .checkInFollowUp = alarm.purpose { true } else { false } }
            clock.advance(by: 1801)
            let before = try await store.outboxEntries(incident: 1).count
            chat.script { $0.userGroupMembers = { _ throws(ChatError) in throw .rateLimited(retryAfter: 0.05) } }
            let waited = await failure(executor(store), alarm)
            guard case .chat(.rateLimited(let retryAfter))? = waited else {
                Issue.record("expected the alarm to wait for the rate limit, got \(String(describing: waited))")
                return
            }
            #expect(retryAfter == 0.05)
            #expect(try await store.outboxEntries(incident: 1).count == before, "nothing was queued")

            chat.script { $0.userGroupMembers = { _ in ["U02ONCALL1", "U03ONCALL2"] } }
            let done = await failure(executor(store), alarm)
            #expect(done == nil, "\(String(describing: done))")
            let queued = try await store.outboxEntries(incident: 1).dropFirst(before).map { String(describing: $0.effect) }
            #expect(queued.contains { $0.contains("U02ONCALL1") && $0.contains("U03ONCALL2") && !$0.contains("payments-oncall") }, "\(queued)")
        }
    }

    @Test func aTakenNameIsRetriedWithTheNextSuffix() async throws {
        try await withDeclaredIncident(clock: clock) { store, _ in
            let base = Self.incidentChannel.name
            chat.script {
                $0.createChannel = { name throws(ChatError) in
                    guard name != base else { throw .nameTaken }
                    return ChannelInfo(id: "C0INC2", name: name, creator: "U0BOT")
                }
            }
            let create = try await entry(store) { if case .createIncidentChannel = $0 { true } else { false } }
            let outcome = try await executor(store).execute(create)
            #expect(chat.calls == [.createChannel(name: base), .createChannel(name: ChannelName.variant(of: base, attempt: 2))])
            #expect(outcome.result == "C0INC2")
        }
    }

    @Test func theChannelAnInterruptedAttemptCreatedIsAdoptedNotDuplicated() async throws {
        try await withDeclaredIncident(clock: clock) { store, _ in
            chat.script {
                $0.createChannel = { _ throws(ChatError) in throw .nameTaken }
                $0.findChannel = { _ in FoundChannel(info: Self.incidentChannel, isMember: true) }
                $0.identity = { Self.bot }
            }
            let create = try await entry(store) { if case .createIncidentChannel = $0 { true } else { false } }
            let outcome = try await executor(store).execute(interrupted(create))
            #expect(chat.calls == [.createChannel(name: Self.incidentChannel.name), .findChannel(name: Self.incidentChannel.name), .identity])
            #expect(outcome.result == "C0INC")
            #expect(try await store.incident(number: 1)?.channel == Self.incidentChannel)
        }
    }

    @Test func respondersAndGroupMembersAreInvitedButNotTheBot() async throws {
        try await withDeclaredIncident(clock: clock) { store, _ in
            try await giveChannel(store)
            chat.script {
                $0.userGroupMembers = { _ in ["U02ONCALL1", "U0BOT", "U01PAYLEAD"] }
                $0.identity = { Self.bot }
                $0.invite = { _, _ in [] }
            }
            let invite = try await entry(store) { if case .inviteResponders = $0 { true } else { false } }
            guard case .inviteResponders(let users, let groups) = invite.effect else { return }
            #expect(groups == ["payments-oncall"])
            let outcome = try await executor(store).execute(invite)
            #expect(chat.calls == [
                .userGroupMembers(handle: "payments-oncall"), .identity,
                .invite(userIDs: users + ["U02ONCALL1"], channelID: "C0INC"),
            ])
            // Who was invited, the group expanded and the bot left out: each responder's time to action counts from here.
            #expect(outcome == EffectExecutor.Outcome(result: (users + ["U02ONCALL1"]).joined(separator: ",")))
        }
    }

    @Test func refusedInvitationsAreToldInTheIncidentChannel() async throws {
        try await withDeclaredIncident(clock: clock) { store, _ in
            try await giveChannel(store)
            let refused = [RefusedInvite(userID: "U01PAYLEAD", code: "user_is_restricted", reason: "a guest cannot be invited here")]
            chat.script {
                $0.userGroupMembers = { _ in [] }
                $0.identity = { Self.bot }
                $0.invite = { _, _ in refused }
            }
            let invite = try await entry(store) { if case .inviteResponders = $0 { true } else { false } }
            let outcome = try await executor(store).execute(invite)
            #expect(outcome.followUps.count == 1)
            let notice = try #require(outcome.followUps.first?.post)
            #expect(notice.content == .invitesRefused(refused))
            #expect(notice.target == .incidentChannel)
        }
    }

    @Test func theTopicIsSetOnTheIncidentChannel() async throws {
        try await withDeclaredIncident(clock: clock) { store, _ in
            try await giveChannel(store)
            chat.script { $0.setTopic = { _, _ in } }
            let topic = try await entry(store) { if case .setIncidentTopic = $0 { true } else { false } }
            guard case .setIncidentTopic(let text) = topic.effect else { return }
            #expect(try await executor(store).execute(topic) == EffectExecutor.Outcome(result: nil))
            #expect(chat.calls == [.setTopic(text, channelID: "C0INC")])
        }
    }

    @Test func nothingIsCalledForTheIncidentChannelBeforeItExists() async throws {
        try await withDeclaredIncident(clock: clock) { store, _ in
            let topic = try await entry(store) { if case .setIncidentTopic = $0 { true } else { false } }
            let failure = await failure(executor(store), topic)
            guard case .impossible? = failure else {
                Issue.record("expected the effect to be impossible, got \(String(describing: failure))")
                return
            }
            #expect(chat.calls.isEmpty)
        }
    }

    // MARK: Posts

    @Test func theWelcomeIsPostedWithItsMarkerAndRecordedAsTheChannelsRoot() async throws {
        try await withDeclaredIncident(clock: clock) { store, _ in
            try await giveChannel(store)
            chat.script { $0.postMessage = { _, _ in "1800000000.000100" } }
            let welcome = try await post(store, .welcome, to: .incidentChannel)
            let outcome = try await executor(store).execute(welcome)
            #expect(chat.calls == [.postMessage(OutgoingMessage(text: "welcome #1", marker: "outbox-\(welcome.id)"), channelID: "C0INC")])
            #expect(outcome == EffectExecutor.Outcome(result: "1800000000.000100"))
            #expect(try await store.rootMessage(incident: 1, channelName: Self.incidentChannel.name) == RootMessage(channelID: "C0INC", ts: "1800000000.000100"))
        }
    }

    @Test func aPostAnInterruptedAttemptMadeIsFoundByItsMarkerNotRepeated() async throws {
        try await withDeclaredIncident(clock: clock) { store, _ in
            try await giveChannel(store)
            chat.script { $0.findMessage = { _, _, _ in "1800000000.000100" } }
            let welcome = try await post(store, .welcome, to: .incidentChannel)
            let outcome = try await executor(store).execute(interrupted(welcome))
            #expect(chat.calls == [.findMessage(marker: "outbox-\(welcome.id)", channelID: "C0INC", threadTS: nil)])
            #expect(outcome.result == "1800000000.000100")
        }
    }

    @Test func aRingChannelIsFoundJoinedAndRememberedForTheNextPost() async throws {
        try await withDeclaredIncident(clock: clock) { store, _ in
            let payments = ChannelInfo(id: "C0PAY", name: "payments")
            chat.script {
                $0.findChannel = { _ in FoundChannel(info: payments, isMember: false) }
                $0.joinChannel = { _ in }
                $0.postMessage = { _, _ in "1800000000.000200" }
            }
            let stakeholders = try await entry(store) { $0.post?.target == .named("payments") }
            let outcome = try await executor(store).execute(stakeholders)
            let message = OutgoingMessage(text: NamingRenderer.text(try #require(stakeholders.effect.post)), marker: "outbox-\(stakeholders.id)")
            #expect(chat.calls == [.findChannel(name: "payments"), .joinChannel(id: "C0PAY"), .postMessage(message, channelID: "C0PAY")])
            #expect(outcome.result == "1800000000.000200")
            #expect(try await store.knownChannel(named: "payments") == payments)

            chat.forgetCalls()
            _ = try await executor(store).execute(stakeholders)
            #expect(chat.operations == ["postMessage"], "a remembered ring channel is not looked up again")
        }
    }

    @Test func aMissingRingChannelIsCreated() async throws {
        try await withDeclaredIncident(clock: clock) { store, _ in
            chat.script {
                $0.findChannel = { _ in nil }
                $0.createChannel = { name in ChannelInfo(id: "C0PAY", name: name, creator: "U0BOT") }
                $0.postMessage = { _, _ in "1800000000.000200" }
            }
            let stakeholders = try await entry(store) { $0.post?.target == .named("payments") }
            _ = try await executor(store).execute(stakeholders)
            #expect(chat.operations == ["findChannel", "createChannel", "postMessage"])
            #expect(chat.calls[1] == .createChannel(name: "payments"))
        }
    }

    @Test func aRingChannelTheBotWasRemovedFromIsJoinedAndThePostRepeated() async throws {
        try await withDeclaredIncident(clock: clock) { store, _ in
            let payments = ChannelInfo(id: "C0PAY", name: "payments")
            try await store.rememberChannel(payments)
            let failures = ScriptedTurns([ChatError.notInChannel])
            chat.script {
                $0.postMessage = { _, _ throws(ChatError) in
                    if let failure = failures.next() { throw failure }
                    return "1800000000.000300"
                }
                $0.joinChannel = { _ in }
            }
            let stakeholders = try await entry(store) { $0.post?.target == .named("payments") }
            let outcome = try await executor(store).execute(stakeholders)
            #expect(chat.operations == ["postMessage", "joinChannel", "postMessage"])
            #expect(chat.calls[1] == .joinChannel(id: "C0PAY"))
            #expect(outcome.result == "1800000000.000300")
        }
    }

    @Test func anArchivedRingChannelIsReportedToTheIncidentChannelOnce() async throws {
        try await withDeclaredIncident(clock: clock) { store, _ in
            chat.script { $0.findChannel = { _ in FoundChannel(info: ChannelInfo(id: "C0PAY", name: "payments"), isArchived: true, isMember: true) } }
            let stakeholders = try await entry(store) { $0.post?.target == .named("payments") }
            let first = await failure(executor(store), stakeholders)
            guard case .unusableRingChannel(.archived("payments"), let notice)? = first, let notice = notice?.post else {
                Issue.record("expected an archived ring channel with a notice, got \(String(describing: first))")
                return
            }
            #expect(notice.content == .ringChannelUnusable(UnusableRingChannel(channel: "payments", setting: "stakeholders_channel", problem: .archived)))
            #expect(notice.target == .incidentChannel)
            #expect(!chat.operations.contains("postMessage"), "nothing is posted in an archived channel")

            // The delivery service stores the notice with the failure; the next post there is not told again.
            let owner = OutboxOwner("effect-executor-tests")
            try await giveChannel(store)
            let claimed = try await store.claim(owner: owner, until: clock.date.addingTimeInterval(600), limit: 20, now: clock.date)
            #expect(claimed.contains { $0.id == stakeholders.id }, "the delivery service holds the entry it records a failure for")
            try await store.failOutboxEntry(id: stakeholders.id, owner: owner, reason: "archived", at: clock.date, followUps: [.post(notice)])
            let catchUp = Post(target: .named("payments"), view: notice.view, ring: .stakeholders, content: .ringCatchUp)
            let later = OutboxEntry(
                id: 999, incidentNumber: 1, lane: stakeholders.lane, effect: .post(catchUp), needsIncidentChannel: false,
                status: .pending, attempts: 0, notBefore: clock.date, createdAt: clock.date
            )
            let second = await failure(executor(store), later)
            guard case .unusableRingChannel(.archived("payments"), nil)? = second else {
                Issue.record("expected the archived channel without a second notice, got \(String(describing: second))")
                return
            }
        }
    }

    @Test func aRefusalIsReturnedAsTheChatError() async throws {
        try await withDeclaredIncident(clock: clock) { store, _ in
            try await giveChannel(store)
            chat.script { $0.postMessage = { _, _ throws(ChatError) in throw .permanent("missing_scope") } }
            let welcome = try await post(store, .welcome, to: .incidentChannel)
            let failure = await failure(executor(store), welcome)
            guard case .chat(.permanent("missing_scope"))? = failure else {
                Issue.record("expected the platform's refusal, got \(String(describing: failure))")
                return
            }
            #expect(try await store.rootMessage(incident: 1, channelName: Self.incidentChannel.name) == nil, "no root is recorded for a failed post")
        }
    }

    @Test func anArchivedIncidentChannelIsAChatFailureNotARingChannelNotice() async throws {
        try await withDeclaredIncident(clock: clock) { store, _ in
            try await giveChannel(store)
            chat.script { $0.postMessage = { _, _ throws(ChatError) in throw .channelArchived } }
            let welcome = try await post(store, .welcome, to: .incidentChannel)
            let failure = await failure(executor(store), welcome)
            guard case .chat(.channelArchived)? = failure else {
                Issue.record("expected the chat error, got \(String(describing: failure))")
                return
            }
        }
    }

    @Test func aThreadReplyGoesUnderTheRootMessageOfItsChannel() async throws {
        try await withDeclaredIncident(clock: clock) { store, declaration in
            try await store.recordRootMessage(incident: 1, channelName: "exec-incidents", channelID: "C0EXEC", ts: "1800000000.000400")
            chat.script { $0.postMessage = { _, _ in "1800000000.000600" } }
            let post = Post(target: .thread("exec-incidents"), view: IncidentPlanner(configuration: Example.configuration).view(of: declaration.incident, now: clock.date), ring: .executives, content: .ringCatchUp)
            let reply = OutboxEntry(
                id: 995, incidentNumber: 1, lane: .channel("exec-incidents"), effect: .post(post), needsIncidentChannel: false,
                status: .pending, attempts: 0, notBefore: clock.date, createdAt: clock.date
            )
            let outcome = try await executor(store).execute(reply)
            let expected = OutgoingMessage(text: NamingRenderer.text(post), threadTS: "1800000000.000400", marker: "outbox-995")
            #expect(chat.calls == [.postMessage(expected, channelID: "C0EXEC")])
            #expect(outcome.result == "1800000000.000600")
        }
    }

    // MARK: Edits, reactions and the tracker

    @Test func aRootMessageIsEditedInPlace() async throws {
        try await withDeclaredIncident(clock: clock) { store, _ in
            try await store.recordRootMessage(incident: 1, channelName: "exec-incidents", channelID: "C0EXEC", ts: "1800000000.000400")
            chat.script { $0.updateMessage = { _, _, _ in } }
            let root = try await entry(store) { $0.post?.target == .named("exec-incidents") }
            let post = try #require(root.effect.post)
            let update = OutboxEntry(
                id: 998, incidentNumber: 1, lane: root.lane, effect: .updateRoot(post), needsIncidentChannel: false,
                status: .pending, attempts: 0, notBefore: clock.date, createdAt: clock.date
            )
            let outcome = try await executor(store).execute(update)
            #expect(chat.calls == [.updateMessage(OutgoingMessage(text: NamingRenderer.text(post)), channelID: "C0EXEC", ts: "1800000000.000400")])
            #expect(outcome.result == "1800000000.000400")
        }
    }

    @Test func aReactionGoesOnTheMessageInTheIncidentChannel() async throws {
        try await withDeclaredIncident(clock: clock) { store, _ in
            try await giveChannel(store)
            chat.script { $0.addReaction = { _, _, _ in } }
            let react = OutboxEntry(
                id: 997, incidentNumber: 1, lane: .incident(1), effect: .addReaction(ts: "1800000000.000500", name: "pushpin"),
                needsIncidentChannel: true, status: .pending, attempts: 0, notBefore: clock.date, createdAt: clock.date
            )
            #expect(try await executor(store).execute(react) == EffectExecutor.Outcome(result: nil))
            #expect(chat.calls == [.addReaction("pushpin", channelID: "C0INC", ts: "1800000000.000500")])
        }
    }

    @Test func anActionItemIsFiledOnceAndItsKeyKept() async throws {
        try await withDeclaredIncident(clock: clock) { store, _ in
            let planner = IncidentPlanner(configuration: Example.configuration)
            let now = clock.date
            let item = try #require(try await store.addActionItem(incident: 1, at: now) { incident, id in
                planner.addAction(ActionRequest(owner: "U04SRE", text: "Alert on card declines", due: nil), id: id, by: "U05EXEC", in: incident, now: now)
            })
            let tracker = FilingTracker()
            let file = OutboxEntry(
                id: 994, incidentNumber: 1, lane: .tracker, effect: .fileActionItem(id: item.id),
                needsIncidentChannel: false, status: .pending, attempts: 0, notBefore: now, createdAt: now
            )
            #expect(try await executor(store, tracker: tracker).execute(file).result == "OPS-1")
            #expect(try await store.actionItem(id: item.id)?.trackerKey == "OPS-1")
            let filed = await tracker.filed
            #expect(filed.map(\.summary) == ["Alert on card declines"])
            #expect(filed.map(\.marker) == [item.trackerMarker])

            // Carried out again (a retry after the key was stored): the stored key, no second issue.
            #expect(try await executor(store, tracker: tracker).execute(interrupted(file)).result == "OPS-1")
            #expect(await tracker.filed.count == 1)
            #expect(chat.calls.isEmpty)
        }
    }

    @Test func anIssueAnInterruptedAttemptFiledIsFoundByItsMarker() async throws {
        try await withDeclaredIncident(clock: clock) { store, _ in
            let planner = IncidentPlanner(configuration: Example.configuration)
            let now = clock.date
            let item = try #require(try await store.addActionItem(incident: 1, at: now) { incident, id in
                planner.addAction(ActionRequest(owner: "U04SRE", text: "Alert on card declines", due: nil), id: id, by: "U05EXEC", in: incident, now: now)
            })
            let tracker = FilingTracker()
            _ = try await tracker.createIssue(TrackerIssue(summary: item.text, description: "", marker: item.trackerMarker))
            let file = OutboxEntry(
                id: 993, incidentNumber: 1, lane: .tracker, effect: .fileActionItem(id: item.id),
                needsIncidentChannel: false, status: .pending, attempts: 1, settledAttempts: 0, notBefore: now, createdAt: now
            )
            #expect(try await executor(store, tracker: tracker).execute(file).result == "OPS-1")
            #expect(await tracker.filed.count == 1, "the issue the interrupted attempt filed is adopted, not filed twice")
        }
    }

    @Test func filingAnActionItemWithoutATrackerIsImpossible() async throws {
        try await withDeclaredIncident(clock: clock) { store, _ in
            let file = OutboxEntry(
                id: 996, incidentNumber: 1, lane: .tracker, effect: .fileActionItem(id: 1),
                needsIncidentChannel: false, status: .pending, attempts: 0, notBefore: clock.date, createdAt: clock.date
            )
            let failure = await failure(executor(store), file)
            guard case .impossible? = failure else {
                Issue.record("expected the effect to be impossible, got \(String(describing: failure))")
                return
            }
            #expect(chat.calls.isEmpty)
        }
    }
}

/// A tracker that files issues as OPS-1, OPS-2, … and finds the ones it filed by their marker.
actor FilingTracker: IssueTracker {
    private(set) var filed: [TrackerIssue] = []

    func createIssue(_ issue: TrackerIssue) async throws(TrackerError) -> String {
        filed.append(issue)
        return "OPS-\(filed.count)"
    }

    func findIssue(marker: String) async throws(TrackerError) -> String? {
        filed.firstIndex { $0.marker == marker }.map { "OPS-\($0 + 1)" }
    }
}
