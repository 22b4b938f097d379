import Foundation
import Testing
import TocsinCore
import TocsinTestSupport

/// Severity changes, status updates, roles, resolution, reminders and relayed questions, with a test clock.
@Suite struct LifecycleTests {
    let planner = IncidentPlanner(configuration: Example.configuration)
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    private func declared(_ severity: Severity, _ service: String?) -> Incident {
        planner.declare(IncidentDeclaration(severity: severity, service: service, title: "Broken"), number: 5, userID: "UDECL", now: t0).incident
    }

    private func posts(_ effects: [Effect]) -> [String] {
        effects.compactMap { effect in
            switch effect {
            case .post(let post):
                if case .directMessage(let user) = post.target { "post dm:\(user) \(post.template.rawValue)" } else { "post \(post.target.channelName.map { post.target == .thread($0) ? "thread:\($0)" : $0 } ?? "incident") \(post.template.rawValue)" }
            case .updateRoot(let post): "update \(post.target.channelName ?? "incident") \(post.template.rawValue)"
            default: nil
            }
        }
    }

    @Test(arguments: [
        ("checkout", "SEV2", "SEV0", ["incidents", "exec-incidents"], [String](), ["payments", "web"]),
        ("checkout", "SEV0", "SEV2", [], ["incidents", "exec-incidents"], ["payments", "web"]),
        ("storefront", "SEV1", "SEV2", [], ["incidents"], ["web"]),
        ("storefront", "SEV2", "SEV0", ["incidents", "exec-incidents"], [], ["web"]),
        ("reports", "SEV2", "SEV1", ["analytics"], [], []),
        ("reports", "SEV1", "SEV2", [], ["analytics"], []),
        ("checkout", "SEV1", "SEV0", [], [], ["payments", "web", "incidents", "exec-incidents"]),
        ("checkout", "SEV0", "SEV1", [], [], ["payments", "web", "incidents", "exec-incidents"]),
    ])
    func severityChangesTellEveryReachedRingOnceInItsOwnForm(
        service: String, from: Severity, to: Severity, added: [String], removed: [String], kept: [String]
    ) throws {
        let incident = declared(from, service)
        let decision = try planner.changeSeverity(incident, to: to, by: "UIC", now: t0.addingTimeInterval(600)).get()
        #expect(decision.incident.severity == to)
        let effects = posts(decision.effects)
        #expect(effects.first == "post incident severity_changed")
        for name in added {
            let template = name == "exec-incidents" ? "post exec-incidents exec_root" : "post \(name) ring_catch_up"
            #expect(effects.contains(template), "\(name) should catch up: \(effects)")
        }
        for name in removed {
            let standDown = name == "exec-incidents" ? "post thread:exec-incidents ring_stand_down" : "post \(name) ring_stand_down"
            #expect(effects.contains(standDown), "\(name) should stand down: \(effects)")
        }
        // A ring reached before and after hears of the change in one line; the executive root is edited, the line goes in its thread.
        for name in kept {
            if name == "exec-incidents" {
                #expect(effects.contains("update exec-incidents exec_root"), "\(effects)")
                #expect(effects.contains("post thread:exec-incidents severity_ring"), "\(effects)")
            } else {
                #expect(effects.contains("post \(name) severity_ring"), "\(name) should hear of the change: \(effects)")
            }
        }
        #expect(effects.filter { $0.hasSuffix(" severity_ring") }.count == kept.count)
        let toldNow = Set(decision.incident.toldChannels.map(\.name))
        #expect(toldNow == Set(incident.toldChannels.map(\.name)).union(added))
        // No informed channel hears twice about the same change.
        let ringPosts = effects.filter { $0.hasPrefix("post ") && !$0.hasPrefix("post incident") }
        #expect(Set(ringPosts.map { $0.split(separator: " ")[1] }).count == ringPosts.count, "\(ringPosts)")
        #expect(decision.effects.contains(.setIncidentTopic(planner.topic(of: decision.incident))))
    }

    @Test func anEscalationWithinTheSameRingsTellsEachOfThemAndEditsTheExecutiveRoot() throws {
        let decision = try planner.changeSeverity(declared("SEV1", "checkout"), to: "SEV0", by: "UIC", now: t0).get()
        #expect(posts(decision.effects) == [
            "post incident severity_changed",
            "post payments severity_ring", "post web severity_ring", "post incidents severity_ring",
            "update exec-incidents exec_root", "post thread:exec-incidents severity_ring",
        ])
        let line = decision.effects.compactMap { effect -> Post? in
            if case .post(let post) = effect, post.target == .named("payments") { post } else { nil }
        }.first
        #expect(line?.content == .severityRing(SeverityChange(previousSeverity: "SEV1", raised: true)))
        #expect(line?.view.severity == "SEV0")
    }

    @Test func reEscalatingEditsTheExistingExecutiveRoot() throws {
        let down = try planner.changeSeverity(declared("SEV1", "checkout"), to: "SEV2", by: "UIC", now: t0).get().incident
        let up = try planner.changeSeverity(down, to: "SEV1", by: "UIC", now: t0).get()
        #expect(posts(up.effects).contains("update exec-incidents exec_root"))
        #expect(!posts(up.effects).contains("post exec-incidents exec_root"))
        #expect(posts(up.effects).contains("post incidents ring_catch_up"))
    }

    @Test func theSameSeverityOrAResolvedIncidentIsRefused() throws {
        let incident = declared("SEV1", "checkout")
        #expect(planner.changeSeverity(incident, to: "SEV1", by: "U", now: t0) == .failure(.sameSeverity("SEV1")))
        let resolved = try planner.resolve(incident, summary: nil, by: "U", now: t0).get().incident
        #expect(planner.changeSeverity(resolved, to: "SEV0", by: "U", now: t0) == .failure(.alreadyResolved(number: 5)))
        #expect(planner.postStatus(resolved, state: .monitoring, text: "x", by: "U", now: t0) == .failure(.alreadyResolved(number: 5)))
        #expect(planner.resolve(resolved, summary: nil, by: "U", now: t0) == .failure(.alreadyResolved(number: 5)))
    }

    @Test func aStatusUpdateReachesEveryRingInItsOwnForm() throws {
        let decision = try planner.postStatus(declared("SEV1", "checkout"), state: .identified, text: "Bad deploy", by: "UIC", now: t0.addingTimeInterval(900)).get()
        #expect(posts(decision.effects) == [
            "post incident status_update",
            "post payments status_ring", "post web status_ring", "post incidents status_ring",
            "update exec-incidents exec_root", "post thread:exec-incidents status_exec_thread",
        ])
        #expect(decision.incident.state == .identified)
        #expect(decision.incident.latestStatus == "Bad deploy")
        #expect(decision.incident.nextUpdateDue == t0.addingTimeInterval(900 + 1800))
        #expect(decision.effects.contains(.setIncidentTopic("SEV1 · identified · Broken")))
    }

    @Test func resolvingTellsEveryRingEverToldOnceAndEditsTheWelcome() throws {
        let lowered = try planner.changeSeverity(declared("SEV0", "checkout"), to: "SEV2", by: "UIC", now: t0).get().incident
        let decision = try planner.resolve(lowered, summary: "Rolled back", by: "UIC", now: t0.addingTimeInterval(7500)).get()
        #expect(posts(decision.effects) == [
            "post incident resolved", "update incident welcome",
            "post payments resolved_ring", "post web resolved_ring", "post incidents resolved_ring",
            "update exec-incidents exec_root", "post thread:exec-incidents resolved_exec_thread",
        ])
        #expect(decision.incident.state == .resolved)
        #expect(decision.incident.nextUpdateDue == nil)
        guard case .post(let closing) = decision.effects[0] else { Issue.record("no closing post"); return }
        #expect(closing.content == .resolved(Closing(actor: "UIC", duration: "2 hours 5 minutes", summary: "Rolled back")))
        #expect(closing.view.isResolved)
        guard case .updateRoot(let welcome) = decision.effects[1] else { Issue.record("the welcome is not edited"); return }
        #expect(welcome.target == .incidentChannel && welcome.view.isResolved)
    }

    /// Issue #15: a cancel tells the channel and every ring ever told, once, and stops the reminders.
    @Test func cancellingTellsEveryRingEverToldOnceAndEndsTheIncident() throws {
        let lowered = try planner.changeSeverity(declared("SEV0", "checkout"), to: "SEV2", by: "UIC", now: t0).get().incident
        let decision = try planner.cancel(lowered, reason: "Test alert", by: "UIC", now: t0.addingTimeInterval(60)).get()
        #expect(posts(decision.effects) == [
            "post incident cancelled",
            "post payments cancelled_ring", "post web cancelled_ring", "post incidents cancelled_ring",
            "update exec-incidents exec_root", "post thread:exec-incidents cancelled_exec_thread",
        ])
        #expect(decision.incident.state == .cancelled)
        #expect(!decision.incident.state.isActive)
        #expect(decision.incident.nextUpdateDue == nil)
        #expect(decision.effects.contains(.setIncidentTopic("SEV2 · cancelled · Broken")))
        #expect(decision.timeline.map(\.text) == ["cancelled: Test alert"])
        #expect(planner.cancel(decision.incident, reason: "again", by: "UIC", now: t0.addingTimeInterval(120)) == .failure(.alreadyCancelled(number: 5)))
        #expect(planner.remindIfDue(decision.incident, now: t0.addingTimeInterval(86_400)) == nil)
    }

    /// Issue #15: a resolved or cancelled incident reopens: announced everywhere it was told, the cadence restarted.
    @Test func reopeningMakesAnEndedIncidentActiveAndTellsEveryRing() throws {
        let incident = declared("SEV1", "checkout")
        #expect(planner.reopen(incident, reason: nil, by: "UIC", now: t0) == .failure(.notEnded(number: 5)))
        let resolved = try planner.resolve(incident, summary: nil, by: "UIC", now: t0.addingTimeInterval(600)).get().incident
        let decision = try planner.reopen(resolved, reason: "Back again", by: "UIC", now: t0.addingTimeInterval(900)).get()
        #expect(posts(decision.effects) == [
            "post incident reopened", "update incident welcome",
            "post payments reopened_ring", "post web reopened_ring", "post incidents reopened_ring",
            "update exec-incidents exec_root", "post thread:exec-incidents reopened_exec_thread",
        ])
        #expect(decision.incident.state == .investigating)
        #expect(decision.incident.resolvedAt == nil)
        #expect(decision.incident.nextUpdateDue == t0.addingTimeInterval(900 + 1800))
        #expect(decision.timeline.map(\.text) == ["reopened (was resolved): Back again"])
        let cancelled = try planner.cancel(incident, reason: "oops", by: "UIC", now: t0).get().incident
        #expect(try planner.reopen(cancelled, reason: nil, by: "UIC", now: t0).get().incident.state.isActive)
    }

    @Test func remindersFollowTheCadenceThenEscalateOnceEachInterval() throws {
        var incident = declared("SEV0", "checkout")  // updates every 15 minutes
        #expect(planner.remindIfDue(incident, now: t0.addingTimeInterval(14 * 60)) == nil)

        let first = try #require(planner.remindIfDue(incident, now: t0.addingTimeInterval(15 * 60)))
        #expect(posts(first.effects) == ["post incident reminder"])
        #expect(first.incident.missedUpdates == 1)
        #expect(first.incident.nextUpdateDue == t0.addingTimeInterval(30 * 60))
        incident = first.incident
        #expect(planner.remindIfDue(incident, now: t0.addingTimeInterval(29 * 60)) == nil)

        let second = try #require(planner.remindIfDue(incident, now: t0.addingTimeInterval(30 * 60)))
        #expect(posts(second.effects) == ["post incident reminder_escalated", "post thread:exec-incidents exec_overdue"])
        #expect(second.incident.missedUpdates == 2)

        let update = try planner.postStatus(second.incident, state: .investigating, text: "Looking", by: "UIC", now: t0.addingTimeInterval(31 * 60)).get()
        #expect(update.incident.missedUpdates == 0)
        #expect(planner.remindIfDue(update.incident, now: t0.addingTimeInterval(45 * 60)) == nil)
        #expect(planner.remindIfDue(update.incident, now: t0.addingTimeInterval(46 * 60))?.incident.missedUpdates == 1)
    }

    @Test func aLongOutageOwesOneReminderNotOnePerMissedInterval() throws {
        let incident = declared("SEV0", "checkout")
        let afterOutage = t0.addingTimeInterval(2 * 3600)
        let reminder = try #require(planner.remindIfDue(incident, now: afterOutage))
        #expect(posts(reminder.effects) == ["post incident reminder"])
        #expect(reminder.incident.nextUpdateDue == afterOutage.addingTimeInterval(15 * 60))
        #expect(planner.remindIfDue(reminder.incident, now: afterOutage) == nil)
    }

    @Test func escalatedRemindersSkipTheExecutiveThreadWhenExecutivesAreNotReached() throws {
        var incident = declared("SEV2", "reports")  // tier 3 at SEV2 reaches nobody
        incident.missedUpdates = 1
        let escalated = try #require(planner.remindIfDue(incident, now: t0.addingTimeInterval(3600)))
        #expect(posts(escalated.effects) == ["post incident reminder_escalated"])
    }

    @Test func questionsGoToTheCommsLeadOrElseTheCommander() throws {
        let incident = declared("SEV1", "checkout")
        let toCommander = planner.relayQuestion(incident, from: "UEXEC", text: "ETA?", inChannel: "exec-incidents", now: t0)
        guard case .post(let post) = toCommander.effects.first else { Issue.record("no relay"); return }
        #expect(post.target == .incidentChannel)
        #expect(post.template == .execQuestion)
        #expect(post.content == .execQuestion(RelayedQuestion(asker: "UEXEC", askedIn: "exec-incidents", addressee: "UDECL", question: "ETA?")))

        let withComms = try planner.assignRole(incident, role: .comms, to: "UCOMMS", by: "UDECL", now: t0).get().incident
        guard case .post(let relayed) = planner.relayQuestion(withComms, from: "UEXEC", text: "ETA?", inChannel: "exec-incidents", now: t0).effects.first else { return }
        #expect(relayed.content == .execQuestion(RelayedQuestion(asker: "UEXEC", askedIn: "exec-incidents", addressee: "UCOMMS", question: "ETA?")))
    }

    @Test func aNewCommanderIsShownInTheTopicAndTheExecutiveRoot() throws {
        let decision = try planner.assignRole(declared("SEV1", "checkout"), role: .commander, to: "UNEW", by: "UDECL", now: t0).get()
        #expect(decision.incident.commander == "UNEW")
        #expect(posts(decision.effects) == [
            "post incident role_changed", "update exec-incidents exec_root", "post dm:UNEW role_briefing", "post thread:exec-incidents role_exec_thread",
        ])
        #expect(decision.effects.contains(.setIncidentTopic("SEV1 · declared · Broken")))
    }

    @Test func atTheMostSevereLevelImpactedServicesRespondersAreEngaged() throws {
        // storefront depends on checkout; its responders are U04SRE and U01PAYLEAD (already a checkout responder).
        let declaredAtSEV0 = planner.declare(IncidentDeclaration(severity: "SEV0", service: "checkout", title: "Down"), number: 1, userID: "UDECL", now: t0)
        #expect(declaredAtSEV0.effects[1] == .inviteResponders(userIDs: ["UDECL", "U01PAYLEAD", "U04SRE"], groupHandles: ["payments-oncall"]))

        let raised = try planner.changeSeverity(declared("SEV1", "checkout"), to: "SEV0", by: "UIC", now: t0).get()
        #expect(raised.effects.contains(.inviteResponders(userIDs: ["U04SRE"], groupHandles: [])))
        let lowered = try planner.changeSeverity(declared("SEV0", "checkout"), to: "SEV1", by: "UIC", now: t0).get()
        #expect(!lowered.effects.contains { if case .inviteResponders = $0 { true } else { false } })
        #expect(planner.preview(service: "checkout", severity: "SEV0").engaged == [.user("U01PAYLEAD"), .group(handle: "payments-oncall"), .user("U04SRE")])
    }

    @Test func thePreviewShowsEngagedAndInformedAtEverySeverity() {
        let preview = planner.preview(service: "checkout", severity: "SEV1")
        #expect(preview.engaged == [.user("U01PAYLEAD"), .group(handle: "payments-oncall")])
        #expect(preview.informed.map(\.name) == ["payments", "web", "incidents", "exec-incidents"])
        #expect(preview.bySeverity.map(\.severity) == ["SEV0", "SEV1", "SEV2"])
        #expect(preview.bySeverity[2].channels.map(\.name) == ["payments", "web"])
        let text = preview.describe()
        #expect(text.plainText.contains("engaged (invited into the incident channel): the declarer, @U01PAYLEAD, @payments-oncall"))
        #expect(text.mentionedUsers == ["U01PAYLEAD"])
        #expect(text.plainText.contains("  SEV2: #payments (stakeholders), #web (stakeholders)"))
    }
}
