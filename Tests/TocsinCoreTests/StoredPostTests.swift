import Foundation
import Testing
import TocsinCore

/// Effects in the outbox are JSON; rows written by earlier versions (template name plus a bag of
/// strings) must deliver the same message after an upgrade.
@Suite struct StoredPostTests {
    static let view = #"{"number":7,"title":"Card payments failing","severity":"SEV1","severitySummary":"Major degradation","service":"checkout","tier":1,"state":"identified","commander":"U1","declaredBy":"U1","updateEvery":"30 minutes","checkInWithin":"30 minutes","impactedServices":[],"age":"5 minutes","isResolved":false}"#

    static func decode(_ json: String) throws -> Effect {
        try JSONDecoder().decode(Effect.self, from: Data(json.utf8))
    }

    static func post(_ effect: Effect) -> Post? {
        if case .post(let post) = effect { post } else { nil }
    }

    @Test func anOldStatusPostReadsBackAsATypedStatus() throws {
        let stored = #"{"post":{"_0":{"target":{"named":{"_0":"payments"}},"template":"status_ring","view":"# + Self.view
            + #","ring":"stakeholders","details":{"actor":"U2","state":"identified"},"texts":{"text":[{"text":"Rolled back, see "},{"link":"https://grafana.example.com/d/x","label":"dash"}]}}}}"#
        let post = try #require(Self.post(try Self.decode(stored)))
        #expect(post.target == .named("payments"))
        #expect(post.ring == .stakeholders)
        #expect(post.view.number == 7)
        #expect(post.content == .statusRing(StatusNews(
            actor: "U2", state: .identified,
            text: RichText(parts: [.text("Rolled back, see "), .link(url: "https://grafana.example.com/d/x", label: "dash")])
        )))
    }

    @Test func anOldSeverityChangeReadsItsYesAsRaisedAndItsRingListAsChannels() throws {
        let stored = #"{"post":{"_0":{"target":{"incidentChannel":{}},"template":"severity_changed","view":"# + Self.view
            + ##","ring":"responders","details":{"previousSeverity":"SEV2","actor":"U3","direction":"raised","raised":"yes","addedRings":"#incidents, #exec-incidents","removedRings":""}}}}"##
        let post = try #require(Self.post(try Self.decode(stored)))
        #expect(post.content == .severityChanged(
            SeverityChange(previousSeverity: "SEV2", raised: true), actor: "U3", addedRings: ["incidents", "exec-incidents"], removedRings: []
        ))
    }

    @Test func anOldLoweringReadsItsEmptyFlagAsNotRaised() throws {
        let stored = #"{"post":{"_0":{"target":{"thread":{"_0":"exec-incidents"}},"template":"severity_ring","view":"# + Self.view
            + #","ring":"executives","details":{"previousSeverity":"SEV0","direction":"lowered","raised":""}}}}"#
        let post = try #require(Self.post(try Self.decode(stored)))
        #expect(post.content == .severityRing(SeverityChange(previousSeverity: "SEV0", raised: false)))
    }

    @Test func anOldActionItemPostReadsItsIdAsANumberAndAnEmptyDueAsNone() throws {
        let stored = #"{"post":{"_0":{"target":{"incidentChannel":{}},"template":"action_added","view":"# + Self.view
            + #","ring":"responders","details":{"actionID":"4","owner":"U5","text":"Alert on declines","due":"","actor":"U1"}}}}"#
        let post = try #require(Self.post(try Self.decode(stored)))
        #expect(post.content == .actionAdded(ActionItemAdded(id: 4, owner: "U5", text: "Alert on declines", due: nil, actor: "U1")))
    }

    @Test func anOldRingChannelNoticeReadsItsProblemFlag() throws {
        let stored = #"{"post":{"_0":{"target":{"incidentChannel":{}},"template":"ring_channel_unusable","view":"# + Self.view
            + #","details":{"channel":"payments","setting":"stakeholders_channel","hidden":"yes"}}}}"#
        let post = try #require(Self.post(try Self.decode(stored)))
        #expect(post.ring == nil)
        #expect(post.content == .ringChannelUnusable(UnusableRingChannel(channel: "payments", setting: "stakeholders_channel", problem: .hidden)))
    }

    @Test func anOldPostWithoutTextsOrDetailsStillDecodes() throws {
        let stored = #"{"updateRoot":{"_0":{"target":{"incidentChannel":{}},"template":"welcome","view":"# + Self.view + #","ring":"responders"}}}"#
        guard case .updateRoot(let post) = try Self.decode(stored) else { Issue.record("not an edit of the root"); return }
        #expect(post.content == .welcome)
    }

    @Test func anOldResolveWithAPlainSummaryKeepsIt() throws {
        let stored = #"{"post":{"_0":{"target":{"incidentChannel":{}},"template":"resolved","view":"# + Self.view
            + #","ring":"responders","details":{"actor":"U1","duration":"2 hours"},"texts":{"summary":"Rolled back"}}}}"#
        let post = try #require(Self.post(try Self.decode(stored)))
        #expect(post.content == .resolved(Closing(actor: "U1", duration: "2 hours", summary: "Rolled back")))
    }

    @Test func anOldPostMissingAFactItsMessageNeedsIsRefusedNotGuessed() throws {
        let stored = #"{"post":{"_0":{"target":{"incidentChannel":{}},"template":"role_changed","view":"# + Self.view + #","details":{"user":"U2"}}}}"#
        #expect(throws: DecodingError.self) { try Self.decode(stored) }
    }

    @Test func everyKindOfMessageReadsBackAsWritten() throws {
        let view = try JSONDecoder().decode(IncidentView.self, from: Data(Self.view.utf8))
        let contents: [MessageContent] = [
            .welcome, .stakeholdersDeclared, .companyDeclared, .execRoot, .ringCatchUp,
            .checkedIn(CheckInView(userID: "U2", timeToAction: "4 minutes", target: "5 minutes", withinTarget: true, isFirst: true)),
            .severityChanged(SeverityChange(previousSeverity: "SEV2", raised: true), actor: "U1", addedRings: ["incidents"], removedRings: []),
            .severityRing(SeverityChange(previousSeverity: "SEV0", raised: false)), .ringStandDown(previousSeverity: "SEV0"),
            .statusUpdate(StatusNews(actor: "U1", state: .monitoring, text: "\(user: "U2") watching")),
            .reminder(OverdueUpdate(silence: "1 hour", missed: 1)), .execOverdue(OverdueUpdate(silence: "2 hours", missed: 2)),
            .execQuestion(RelayedQuestion(asker: "U9", askedIn: "exec-incidents", addressee: "U1", question: "ETA?")),
            .roleChanged(RoleChange(user: "U2", role: "comms lead", actor: "U1")),
            .resolvedExecThread(Closing(actor: "U1", duration: "2 hours", summary: nil)),
            .actionAdded(ActionItemAdded(id: 3, owner: "U2", text: "Fix it", due: "2027-01-31", actor: "U1")),
            .actionDone(ActionItemDone(id: 3, text: "Fix it", actor: "U2")),
            .invitesRefused([RefusedInvite(userID: "U7", code: "user_not_found", reason: "no such user")]),
            .ringChannelUnusable(UnusableRingChannel(channel: "payments", setting: "stakeholders_channel", problem: .archived)),
        ]
        for content in contents {
            let effect = Effect.post(Post(target: .thread("exec-incidents"), view: view, ring: .executives, content: content))
            #expect(try JSONDecoder().decode(Effect.self, from: JSONEncoder().encode(effect)) == effect, "\(content.template)")
        }
    }
}
