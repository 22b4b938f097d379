import Foundation
import Logging
import Synchronization
import Testing
import TocsinCore
import TocsinStore

@testable import TocsinApp

/// A chat platform whose posts fail as scripted, and which finds a posted message by its marker; every other
/// call is unexpected and fails the test.
final class FlakyPostChat: ChatAPI {
    struct Calls { var posts: [String] = []; var lookups: [String] = [] }
    let calls = Mutex(Calls())
    private let failures: Mutex<[ChatError]>
    /// What `findMessage` answers: the ts of the message carrying the marker, as if an earlier post landed.
    let landedTS: String?

    init(failing failures: [ChatError], landedTS: String?) {
        self.failures = Mutex(failures)
        self.landedTS = landedTS
    }

    func postMessage(_ message: OutgoingMessage, channelID: String) async throws(ChatError) -> String {
        calls.withLock { $0.posts.append(message.marker ?? "") }
        if let failure = failures.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { throw failure }
        return "1800000000.000200"
    }

    func findMessage(marker: String, channelID: String, threadTS: String?) async throws(ChatError) -> String? {
        calls.withLock { $0.lookups.append(marker) }
        return landedTS
    }

    private func unexpected(_ call: String) -> ChatError {
        Issue.record("unexpected chat call: \(call)")
        return .permanent("unexpected")
    }

    func identity() async throws(ChatError) -> BotIdentity { throw unexpected("identity") }
    func createChannel(named name: String) async throws(ChatError) -> ChannelInfo { throw unexpected("createChannel") }
    func findChannel(named name: String) async throws(ChatError) -> FoundChannel? { throw unexpected("findChannel") }
    func joinChannel(id: String) async throws(ChatError) { throw unexpected("joinChannel") }
    func invite(userIDs: [String], toChannel channelID: String) async throws(ChatError) -> [RefusedInvite] { throw unexpected("invite") }
    func setTopic(_ topic: String, channelID: String) async throws(ChatError) { throw unexpected("setTopic") }
    func updateMessage(_ message: OutgoingMessage, channelID: String, ts: String) async throws(ChatError) { throw unexpected("updateMessage") }
    func openForm(_ form: FormDefinition, triggerID: String) async throws(ChatError) { throw unexpected("openForm") }
    func addReaction(_ name: String, channelID: String, ts: String) async throws(ChatError) { throw unexpected("addReaction") }
    func userGroupMembers(handle: String) async throws(ChatError) -> [String] { throw unexpected("userGroupMembers") }
}

/// Renders a post as its template's name: what is posted does not matter here, only whether it is posted twice.
struct TemplateNameRenderer: MessageRenderer {
    func render(_ post: Post, incidentChannel: ChannelInfo?) throws(RenderError) -> OutgoingMessage {
        OutgoingMessage(text: post.template.rawValue)
    }

    func renderPostmortem(_ facts: PostmortemFacts) throws(RenderError) -> String { "" }

    func encode(_ text: RichText) -> String { text.plainText }
}

/// Delivery against the real outbox: a post whose outcome is unknown is looked for by its marker before it is
/// posted again; one that certainly had no effect is simply posted again.
@Suite struct DeliveryReconciliationTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-delivery-\(UUID().uuidString).sqlite").path
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// A declared incident with its channel, the delivery service, and the outbox entry of its welcome post.
    private func welcomeEntry(_ chat: FlakyPostChat) async throws -> (AppDatabase, DeliveryService, OutboxEntry) {
        let store = try AppDatabase(path: path)
        let planner = IncidentPlanner(configuration: AppDatabaseTests.configuration)
        let now = self.now
        _ = try await store.declareIncident(requestID: nil) { number in
            planner.declare(IncidentDeclaration(severity: "SEV1", service: "checkout", title: "Card payments failing"), number: number, userID: "U9", now: now)
        }
        try await store.setChannel(ChannelInfo(id: "C1", name: "inc-1-checkout", creator: "UBOT"), forIncident: 1)
        var logger = Logger(label: "delivery-reconciliation-tests")
        logger.logLevel = .critical
        let service = DeliveryService(
            store: store, configuration: AppDatabaseTests.configuration, chat: chat, renderer: TemplateNameRenderer(),
            wakeUp: DeliveryWakeUp(), now: { now }, logger: logger
        )
        let entry = try #require(try await store.outboxEntries(incident: 1).first { entry in
            guard case .post(let post) = entry.effect else { return false }
            return post.template == .welcome
        })
        return (store, service, entry)
    }

    /// Claims `entry` as the delivery service's owner does before delivering it (once due), settling the
    /// entries ahead of it in its lane (the channel's creation, the invitation) so it heads its lane.
    private func claim(_ entry: OutboxEntry, _ store: AppDatabase) async throws {
        let at = max(now, entry.notBefore)
        for _ in 0..<10 {
            let claimed = try await store.claim(owner: .thisProcess, until: at.addingTimeInterval(600), limit: 10, now: at)
            if claimed.contains(where: { $0.id == entry.id }) { return }
            let ahead = try #require(claimed.first { $0.lane == entry.lane }, "an entry ahead of the welcome heads its lane")
            try await store.completeOutboxEntry(id: ahead.id, owner: .thisProcess, result: nil, at: now)
        }
        Issue.record("entry \(entry.id) was never claimed")
    }

    private func reloaded(_ entry: OutboxEntry, _ store: AppDatabase) async throws -> OutboxEntry {
        try #require(try await store.outboxEntries(incident: 1).first { $0.id == entry.id })
    }

    @Test func aPostThatTimedOutAfterSendingIsFoundByItsMarkerNotPostedTwice() async throws {
        let chat = FlakyPostChat(failing: [.transient("timeout", outcome: .mayStillLand)], landedTS: "1800000000.000100")
        let (store, service, entry) = try await welcomeEntry(chat)

        try await claim(entry, store)
        await service.deliver(entry)
        let retried = try await reloaded(entry, store)
        #expect(retried.status == .pending)
        #expect(retried.mayHaveTakenEffect)

        try await claim(retried, store)
        await service.deliver(retried)
        let done = try await reloaded(entry, store)
        #expect(done.status == .done)
        #expect(done.result == "1800000000.000100", "the message the timed-out attempt posted")
        let calls = chat.calls.withLock { $0 }
        #expect(calls.posts == ["outbox-\(entry.id)"], "posted once")
        #expect(calls.lookups == ["outbox-\(entry.id)"])
    }

    @Test func aPostRefusedBeforeItWasSentIsPostedAgainWithoutLooking() async throws {
        let chat = FlakyPostChat(failing: [.transient("connect_failed", outcome: .noEffect)], landedTS: nil)
        let (store, service, entry) = try await welcomeEntry(chat)

        try await claim(entry, store)
        await service.deliver(entry)
        let retried = try await reloaded(entry, store)
        #expect(retried.status == .pending)
        #expect(!retried.mayHaveTakenEffect)

        try await claim(retried, store)
        await service.deliver(retried)
        #expect(try await reloaded(entry, store).result == "1800000000.000200")
        let calls = chat.calls.withLock { $0 }
        #expect(calls.posts.count == 2)
        #expect(calls.lookups.isEmpty)
    }
}
