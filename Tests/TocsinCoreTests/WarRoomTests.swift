import Foundation
import Testing
import TocsinCore
import TocsinTestSupport

/// The check-in follow-up's timing, each responder's time to action, and archiving the channel after the
/// resolution (cancelled by a reopen), with a test clock.
@Suite struct WarRoomTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    let week = ConfigDuration(seconds: 7 * 86_400)

    private func planner(archiveAfter: ConfigDuration? = nil) -> IncidentPlanner {
        var configuration = Example.configuration
        configuration.archiveAfter = archiveAfter
        return IncidentPlanner(configuration: configuration)
    }

    private func declared(_ severity: Severity, _ service: String?, planner: IncidentPlanner) -> Declaration {
        planner.declare(IncidentDeclaration(severity: severity, service: service, title: "Broken"), number: 5, userID: "UDECL", now: t0)
    }

    private func alarms(_ effects: [Effect]) -> [Alarm] {
        effects.compactMap { if case .alarm(let alarm) = $0 { alarm } else { nil } }
    }

    private func posts(_ effects: [Effect]) -> [String] {
        effects.compactMap { effect in
            guard case .post(let post) = effect else { return nil }
            return "\(post.target.channelName.map { post.target == .thread($0) ? "thread:\($0)" : $0 } ?? "incident") \(post.template.rawValue)"
        }
    }

    @Test(arguments: [("SEV0", 300.0), ("SEV1", 1800.0), ("SEV2", 3600.0)])
    func declaringSetsAnAlarmAtTheSeveritysCheckInTarget(severity: Severity, seconds: Double) {
        let declaration = declared(severity, "checkout", planner: planner())
        #expect(alarms(declaration.effects) == [Alarm(due: t0.addingTimeInterval(seconds), purpose: .checkInFollowUp)])
    }

    @Test func theFollowUpIsOwedOnlyOnceTheTargetPassesWithNobodyCheckedIn() throws {
        let planner = planner()
        let incident = declared("SEV0", "checkout", planner: planner).incident
        #expect(planner.checkInFollowUp(incident, anyoneCheckedIn: false, responders: ["U01PAYLEAD"], now: t0.addingTimeInterval(298)) == nil)
        #expect(planner.checkInFollowUp(incident, anyoneCheckedIn: true, responders: ["U01PAYLEAD"], now: t0.addingTimeInterval(600)) == nil)
        let decision = try #require(planner.checkInFollowUp(
            incident, anyoneCheckedIn: false, responders: ["U01PAYLEAD", "U02ONCALL1"], unresolvedGroups: ["ops"], now: t0.addingTimeInterval(300)
        ))
        // SEV0 on checkout reaches the executives: the thread hears of it too.
        #expect(posts(decision.effects) == ["incident check_in_follow_up", "thread:exec-incidents check_in_follow_up_exec_thread"])
        guard case .post(let post) = decision.effects.first, case .checkInFollowUp(let followUp) = post.content else {
            Issue.record("no follow-up post: \(decision.effects)")
            return
        }
        #expect(followUp == CheckInFollowUp(responders: ["U01PAYLEAD", "U02ONCALL1"], groupHandles: ["ops"], target: "5 minutes", elapsed: "5 minutes"))
        #expect(decision.timeline.map(\.key) == [IncidentPlanner.checkInFollowUpKey])
        #expect(decision.timeline.first?.text.mentionedUsers == ["U01PAYLEAD", "U02ONCALL1"])
    }

    @Test func aSev2FollowUpStaysInTheIncidentChannel() throws {
        let planner = planner()
        let incident = declared("SEV2", "reports", planner: planner).incident
        let decision = try #require(planner.checkInFollowUp(incident, anyoneCheckedIn: false, responders: ["UDECL"], now: t0.addingTimeInterval(3600)))
        #expect(posts(decision.effects) == ["incident check_in_follow_up"])
        // reports has no responders: its commander is asked.
        #expect(planner.followUpRecipients(incident) == [.user("UDECL")])
    }

    @Test func anEndedIncidentOwesNoFollowUp() throws {
        let planner = planner()
        let incident = declared("SEV0", "checkout", planner: planner).incident
        let resolved = try planner.resolve(incident, summary: nil, by: "UDECL", now: t0.addingTimeInterval(60)).get().incident
        #expect(planner.checkInFollowUp(resolved, anyoneCheckedIn: false, responders: ["U01PAYLEAD"], now: t0.addingTimeInterval(600)) == nil)
    }

    @Test func aSeverityChangeMovesTheTargetWithANewAlarm() throws {
        let planner = planner()
        let incident = declared("SEV2", "checkout", planner: planner).incident
        let raised = try planner.changeSeverity(incident, to: "SEV0", by: "UIC", now: t0.addingTimeInterval(120)).get()
        #expect(alarms(raised.effects) == [Alarm(due: t0.addingTimeInterval(300), purpose: .checkInFollowUp)])
        // The SEV2 alarm (an hour) goes off early for SEV0: owed from 5 minutes on.
        #expect(planner.checkInFollowUp(raised.incident, anyoneCheckedIn: false, responders: [], now: t0.addingTimeInterval(300)) != nil)
        let lowered = try planner.changeSeverity(raised.incident, to: "SEV1", by: "UIC", now: t0.addingTimeInterval(200)).get()
        #expect(alarms(lowered.effects) == [Alarm(due: t0.addingTimeInterval(1800), purpose: .checkInFollowUp)])
        // The SEV0 alarm, going off at 5 minutes, finds nothing owed at SEV1's 30.
        #expect(planner.checkInFollowUp(lowered.incident, anyoneCheckedIn: false, responders: [], now: t0.addingTimeInterval(300)) == nil)
    }

    @Test func eachResponderIsMeasuredFromTheirInvitation() {
        let times = ResponderTimeToAction.measure(
            declaredAt: t0,
            checkIns: [("UPAGED", t0.addingTimeInterval(900)), ("U01PAYLEAD", t0.addingTimeInterval(240)), ("UWALKIN", t0.addingTimeInterval(400)), ("ULATE", t0.addingTimeInterval(100))],
            invitations: ["U01PAYLEAD": t0, "UPAGED": t0.addingTimeInterval(600), "ULATE": t0.addingTimeInterval(500)]
        )
        #expect(times.map(\.userID) == ["ULATE", "U01PAYLEAD", "UWALKIN", "UPAGED"])
        #expect(times.map(\.seconds) == [100, 240, 400, 300])
        // Invited after they checked in, or never invited: measured from the declaration.
        #expect(times.map(\.invitedAt) == [nil, t0, nil, t0.addingTimeInterval(600)])
    }

    @Test func thePostmortemShowsEachRespondersTimeToAction() {
        let planner = planner()
        let incident = declared("SEV0", "checkout", planner: planner).incident
        let facts = planner.postmortem(
            incident, timeline: [], checkIns: [("U01PAYLEAD", t0.addingTimeInterval(240)), ("UPAGED", t0.addingTimeInterval(1000))], actions: [],
            invitations: ["U01PAYLEAD": t0, "UPAGED": t0.addingTimeInterval(600)], now: t0.addingTimeInterval(2000)
        )
        #expect(facts.responderTimes.map(\.user) == ["U01PAYLEAD", "UPAGED"])
        #expect(facts.responderTimes.map(\.timeToAction) == ["4 minutes", "6 minutes 40 seconds"])
        #expect(facts.responderTimes.map(\.withinTarget) == [true, false])
    }

    @Test func resolvingSchedulesTheArchiveOnlyWhenConfigured() throws {
        let without = planner()
        let incident = declared("SEV1", "checkout", planner: without).incident
        #expect(alarms(try without.resolve(incident, summary: nil, by: "UIC", now: t0.addingTimeInterval(60)).get().effects).isEmpty)

        let with = planner(archiveAfter: week)
        let resolvedAt = t0.addingTimeInterval(60)
        let resolution = try with.resolve(incident, summary: nil, by: "UIC", now: resolvedAt).get()
        #expect(alarms(resolution.effects) == [Alarm(due: resolvedAt.addingTimeInterval(7 * 86_400), purpose: .archive(resolvedAt: resolvedAt))])
    }

    @Test func theArchiveAlarmPostsTheLastMessageThenArchives() throws {
        let planner = planner(archiveAfter: week)
        var incident = declared("SEV1", "checkout", planner: planner).incident
        incident.channel = ChannelInfo(id: "C0INC", name: "inc-5-checkout-broken")
        let resolvedAt = t0.addingTimeInterval(60)
        let resolved = try planner.resolve(incident, summary: nil, by: "UIC", now: resolvedAt).get().incident
        let due = resolvedAt.addingTimeInterval(7 * 86_400)
        let decision = try #require(planner.archiveChannel(resolved, resolvedAt: resolvedAt, now: due))
        #expect(posts(decision.effects) == ["incident channel_archiving"])
        #expect(decision.effects.last == .archiveChannel)
        #expect(decision.timeline.map(\.key) == [IncidentPlanner.archiveKey(resolvedAt: resolvedAt)])
        // Stored dates keep milliseconds: the resolution read back a little off is the same one.
        var stored = resolved
        stored.resolvedAt = resolvedAt.addingTimeInterval(0.0004)
        #expect(planner.archiveChannel(stored, resolvedAt: resolvedAt, now: due) != nil)
    }

    @Test func aReopenBeforeTheArchiveCancelsIt() throws {
        let planner = planner(archiveAfter: week)
        var incident = declared("SEV1", "checkout", planner: planner).incident
        incident.channel = ChannelInfo(id: "C0INC", name: "inc-5-checkout-broken")
        let firstResolution = t0.addingTimeInterval(60)
        let resolved = try planner.resolve(incident, summary: nil, by: "UIC", now: firstResolution).get().incident
        let reopened = try planner.reopen(resolved, reason: nil, by: "UIC", now: t0.addingTimeInterval(3600)).get().incident
        #expect(planner.archiveChannel(reopened, resolvedAt: firstResolution, now: firstResolution.addingTimeInterval(7 * 86_400)) == nil)
        // Resolved again later: the first alarm still finds nothing; the second one archives.
        let secondResolution = t0.addingTimeInterval(7200)
        let again = try planner.resolve(reopened, summary: nil, by: "UIC", now: secondResolution).get()
        #expect(planner.archiveChannel(again.incident, resolvedAt: firstResolution, now: firstResolution.addingTimeInterval(7 * 86_400)) == nil)
        #expect(alarms(again.effects).map(\.due) == [secondResolution.addingTimeInterval(7 * 86_400)])
        #expect(planner.archiveChannel(again.incident, resolvedAt: secondResolution, now: secondResolution.addingTimeInterval(7 * 86_400)) != nil)
    }

    @Test func aReopenInAnArchivedChannelTellsOnlyTheRings() throws {
        let planner = planner(archiveAfter: week)
        let incident = declared("SEV0", "checkout", planner: planner).incident
        let resolved = try planner.resolve(incident, summary: nil, by: "UIC", now: t0.addingTimeInterval(60)).get().incident
        let decision = try planner.reopen(resolved, reason: nil, by: "UIC", now: t0.addingTimeInterval(8 * 86_400), channelArchived: true).get()
        #expect(!posts(decision.effects).contains { $0.hasPrefix("incident ") })
        #expect(!decision.effects.contains { if case .setIncidentTopic = $0 { true } else { false } })
        #expect(posts(decision.effects).contains("thread:exec-incidents reopened_exec_thread"))
    }
}
