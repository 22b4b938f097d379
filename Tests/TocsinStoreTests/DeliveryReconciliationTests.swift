import Foundation
import Logging
import Testing
import TocsinCore
import TocsinStore
import TocsinTestSupport

@testable import TocsinApp

/// A chat platform whose posts fail with `failures`, in turn, and which finds a posted message by its marker
/// (`landedTS`, as if an earlier post landed); every other call is unexpected and fails the test.
func flakyPostChat(failing failures: [ChatError], landedTS: String?) -> RecordingChat {
    let failures = ScriptedTurns(failures)
    var script = ChatScript()
    script.postMessage = { _, _ throws(ChatError) in
        if let failure = failures.next() { throw failure }
        return "1800000000.000200"
    }
    script.findMessage = { _, _, _ in landedTS }
    return RecordingChat(script)
}

extension RecordingChat {
    /// The markers of the messages posted, one per attempt.
    var postedMarkers: [String] {
        calls.compactMap { if case .postMessage(let message, _) = $0 { message.marker ?? "" } else { nil } }
    }

    /// The markers looked for.
    var lookedUpMarkers: [String] {
        calls.compactMap { if case .findMessage(let marker, _, _) = $0 { marker } else { nil } }
    }
}

/// Renders a post as its template's name: what is posted does not matter here, only whether it is posted twice.
struct TemplateNameRenderer: MessageRenderer {
    func render(_ post: Post, incidentChannel: ChannelInfo?) throws(RenderError) -> OutgoingMessage {
        OutgoingMessage(text: post.template.rawValue)
    }

    func render(_ announcement: Announcement) throws(RenderError) -> OutgoingMessage {
        OutgoingMessage(text: announcement.template.rawValue)
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
    private func welcomeEntry(_ chat: RecordingChat) async throws -> (AppDatabase, DeliveryService, OutboxEntry) {
        let store = try AppDatabase(path: path)
        let planner = IncidentPlanner(configuration: Example.configuration)
        let now = self.now
        _ = try await store.declareIncident(requestID: nil) { number in
            planner.declare(IncidentDeclaration(severity: "SEV1", service: "checkout", title: "Card payments failing"), number: number, userID: "U9", now: now)
        }
        try await store.setChannel(ChannelInfo(id: "C1", name: "inc-1-checkout", creator: "UBOT"), forIncident: 1)
        var logger = Logger(label: "delivery-reconciliation-tests")
        logger.logLevel = .critical
        let service = DeliveryService(
            store: store, configuration: Example.configuration, chat: chat, renderer: TemplateNameRenderer(),
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
        let chat = flakyPostChat(failing: [.transient("timeout", outcome: .mayStillLand)], landedTS: "1800000000.000100")
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
        #expect(chat.postedMarkers == ["outbox-\(entry.id)"], "posted once")
        #expect(chat.lookedUpMarkers == ["outbox-\(entry.id)"])
    }

    @Test func aPostRefusedBeforeItWasSentIsPostedAgainWithoutLooking() async throws {
        let chat = flakyPostChat(failing: [.transient("connect_failed", outcome: .noEffect)], landedTS: nil)
        let (store, service, entry) = try await welcomeEntry(chat)

        try await claim(entry, store)
        await service.deliver(entry)
        let retried = try await reloaded(entry, store)
        #expect(retried.status == .pending)
        #expect(!retried.mayHaveTakenEffect)

        try await claim(retried, store)
        await service.deliver(retried)
        #expect(try await reloaded(entry, store).result == "1800000000.000200")
        #expect(chat.postedMarkers.count == 2)
        #expect(chat.lookedUpMarkers.isEmpty)
    }

    /// An announcement (the weekly review, no incident) is reconciled like an incident's post: after a timeout it
    /// is looked for in its channel by its marker and not posted twice.
    @Test func anAnnouncementThatTimedOutIsFoundByItsMarkerNotPostedTwice() async throws {
        let chat = flakyPostChat(failing: [.transient("timeout", outcome: .mayStillLand)], landedTS: "1800000000.000100")
        let store = try AppDatabase(path: path)
        try await store.rememberChannel(ChannelInfo(id: "C0REVIEW", name: "sre-review", creator: "UBOT"))
        let review = Announcement(channel: "sre-review", content: .budgetDigest(BudgetDigestNews(from: "2027-01-08 08:00", to: "2027-01-15 08:00", lines: [], noIncidents: true)))
        #expect(try await store.queueAnnouncements([review], onceKey: "slo-digest:1", at: now))
        var logger = Logger(label: "delivery-reconciliation-tests")
        logger.logLevel = .critical
        let now = self.now
        let service = DeliveryService(
            store: store, configuration: Example.configuration, chat: chat, renderer: TemplateNameRenderer(), wakeUp: DeliveryWakeUp(), now: { now }, logger: logger
        )
        let later = now.addingTimeInterval(3600)
        let entry = try #require(try await store.claim(owner: .thisProcess, until: now.addingTimeInterval(600), limit: 10, now: now).first)
        #expect(entry.incidentNumber == nil)
        await service.deliver(entry)

        let retried = try #require(try await store.claim(owner: .thisProcess, until: later.addingTimeInterval(600), limit: 10, now: later).first)
        #expect(retried.id == entry.id && retried.mayHaveTakenEffect)
        await service.deliver(retried)
        #expect(try await store.claim(owner: .thisProcess, until: later.addingTimeInterval(600), limit: 10, now: later).isEmpty, "delivered")
        #expect(chat.postedMarkers == ["outbox-\(entry.id)"], "posted once")
        #expect(chat.lookedUpMarkers == ["outbox-\(entry.id)"])
    }
}
