import Foundation
import Logging
import Testing
@testable import TocsinApp
import TocsinCore

@Suite struct ChannelEventHandlerTests {
    func events(_ harness: HandlerHarness) -> ChannelEventHandler {
        let replies = DeferredReplies(replies: NoReplies(), chat: harness.chat, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let nudges = ExecutiveNudges(context: harness.context, wording: harness.wording, renderer: harness.renderer, chat: harness.chat, groups: GroupMembersCache())
        return ChannelEventHandler(context: harness.context, wording: harness.wording, replies: replies, renderer: harness.renderer, nudges: nudges)
    }

    @Test func aMessageInTheIncidentChannelIsKeptOnceAndItsLinkCaptured() async throws {
        let harness = try HandlerHarness()
        try await harness.declareIncident()
        let before = try await harness.store.timeline(incident: 1).count
        let message = ChannelMessage(ts: "1800000100.000100", user: "U04SRE", text: RichText(parts: [.text("see "), .link(url: "https://grafana.example.com/d/reports", label: nil)]))
        let event = ChannelEvent(eventID: "Ev1", channelID: HandlerHarness.incidentChannel, activity: .message(message))

        await events(harness).handle(event)
        await events(harness).handle(event)

        #expect(try await harness.store.transcript(incident: 1) == [message])
        let timeline = try await harness.store.timeline(incident: 1)
        #expect(timeline.count == before + 1)
        #expect(timeline.last?.kind == .evidence)
    }

    @Test func aMentionIsAnsweredWithWhereTheIncidentStands() async throws {
        let harness = try HandlerHarness()
        let incident = try await harness.declareIncident()
        harness.clock.advance(by: 90)
        let message = ChannelMessage(ts: "1800000100.000100", user: "U04SRE", text: "status?")

        let inside = try await events(harness).mentionAnswer(message, channelID: HandlerHarness.incidentChannel, incident: incident)
        let elsewhere = try await events(harness).mentionAnswer(message, channelID: HandlerHarness.otherChannel, incident: nil)

        #expect(inside == .mentionStatus(incident, age: "1 minute 30 seconds"))
        #expect(elsewhere == .mentionElsewhere)
        #expect(harness.wording.text(elsewhere).plainText
            == "I run incidents through `/incident`: `/incident declare` opens one, and `/incident help` lists everything I can do.")
    }
}

/// Click replies are not expected from channel events.
struct NoReplies: InteractionReplies {
    func reply(_ text: RichText, to address: String) async throws(ChatError) {
        Issue.record("a channel event answered through a click's reply address")
    }
}
