import Foundation
import Testing
import TocsinCore
import TocsinTestSupport

/// Issue #15: drills run the whole flow, marked as drills, told only to the drill channel, paging nobody, and
/// counted in no KPI or error budget.
@Suite struct DrillTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// The example catalog with a drill channel and a pager on checkout, paged at SEV0 and SEV1.
    static let configuration: TocsinConfiguration = {
        var configuration = Example.configuration
        configuration.drills = DrillSettings(channel: "incident-drills")
        configuration.services[0].pager = .pagerDuty(routingKeyEnv: "PD_CHECKOUT_KEY")
        return configuration
    }()

    let planner = IncidentPlanner(configuration: DrillTests.configuration)

    private func posts(_ effects: [Effect]) -> [Post] {
        effects.compactMap { effect in
            switch effect {
            case .post(let post), .updateRoot(let post): post
            default: nil
            }
        }
    }

    private func pages(_ effects: [Effect]) -> [PageRequest] {
        effects.compactMap { if case .page(let request) = $0 { request } else { nil } }
    }

    private func drill(_ configuration: TocsinConfiguration = DrillTests.configuration) -> Declaration {
        IncidentPlanner(configuration: configuration).declare(
            IncidentDeclaration(severity: "SEV1", service: "checkout", title: "Card payments failing", isDrill: true), number: 7, userID: "U09", now: now
        )
    }

    @Test(arguments: [
        ("declare --drill SEV1 checkout Card payments failing", true),
        ("declare SEV1 --drill checkout Card payments failing", true),
        ("declare SEV1 checkout --drill Card payments failing", true),
        ("declare —drill SEV1 checkout Card payments failing", true),
        ("declare --DRILL SEV1 checkout Card payments failing", true),
        ("declare SEV1 checkout Card payments failing", false),
    ])
    func theDrillFlagIsReadBeforeTheTitle(text: String, isDrill: Bool) {
        let parser = CommandParser(catalog: Example.catalog, configuration: Example.configuration)
        #expect(parser.parse(typed(text)) == .success(.anywhere(.declare(
            IncidentDeclaration(severity: "SEV1", service: "checkout", title: "Card payments failing", isDrill: isDrill)
        ))))
    }

    @Test func aFlagAfterTheTitleStartsIsPartOfTheTitle() {
        let parser = CommandParser(catalog: Example.catalog, configuration: Example.configuration)
        #expect(parser.parse(typed("declare SEV1 checkout Payments --drill")) == .success(.anywhere(.declare(
            IncidentDeclaration(severity: "SEV1", service: "checkout", title: "Payments --drill")
        ))))
        #expect(parser.parse(typed("declare --drill")) == .failure(.missingTitle(usage: "declare [SEVn] [service] <title>")))
    }

    @Test func aDrillIsToldOnlyToTheDrillChannelAndMarkedEverywhere() {
        let declaration = drill()
        #expect(declaration.incident.isDrill)
        #expect(declaration.incident.toldChannels == [RingChannel(name: "incident-drills", ring: .executives)])
        #expect(declaration.effects.prefix(3) == [
            .createIncidentChannel(name: "inc-7-drill-checkout-card-payments-failing"),
            .inviteResponders(userIDs: ["U09", "U01PAYLEAD"], groupHandles: ["payments-oncall"]),
            .setIncidentTopic("[DRILL] SEV1 · declared · Card payments failing"),
        ])
        let posts = posts(declaration.effects)
        #expect(posts.map { "\($0.target)/\($0.template.rawValue)" } == ["incidentChannel/welcome", "named(\"incident-drills\")/exec_root", "directMessage(\"U09\")/role_briefing"])
        #expect(posts.allSatisfy { $0.view.isDrill })
        // checkout has a pager and SEV1 is paged; a drill never pages.
        #expect(pages(declaration.effects).isEmpty)
        #expect(declaration.rings == [.responders, .executives])
    }

    @Test func withoutADrillChannelADrillTellsNoRing() {
        var configuration = DrillTests.configuration
        configuration.drills = DrillSettings()
        let declaration = drill(configuration)
        #expect(declaration.incident.toldChannels.isEmpty)
        #expect(posts(declaration.effects).map(\.target) == [.incidentChannel, .directMessage("U09")])
        #expect(declaration.effects.contains(.inviteResponders(userIDs: ["U09", "U01PAYLEAD"], groupHandles: ["payments-oncall"])))
    }

    @Test func everyLaterChangeReachesOnlyTheDrillChannel() throws {
        let incident = drill().incident
        let raised = try planner.changeSeverity(incident, to: "SEV0", by: "U09", now: now.addingTimeInterval(60)).get()
        let status = try planner.postStatus(raised.incident, state: .identified, text: "Rolling back", by: "U09", now: now.addingTimeInterval(120)).get()
        let resolved = try planner.resolve(status.incident, summary: "Practice over", by: "U09", now: now.addingTimeInterval(180)).get()
        let reminder = try #require(planner.remindIfDue(incident, now: now.addingTimeInterval(3 * 3600)))
        let second = try #require(planner.remindIfDue(reminder.incident, now: now.addingTimeInterval(6 * 3600)))
        for decision in [raised, status, resolved, reminder, second] {
            for post in posts(decision.effects) {
                #expect(post.view.isDrill)
                #expect(post.target.channelName == nil || post.target.channelName == "incident-drills", "\(post.target) \(post.template)")
            }
            #expect(pages(decision.effects).filter { $0.action == .trigger }.isEmpty)
        }
        #expect(raised.incident.toldChannels == [RingChannel(name: "incident-drills", ring: .executives)])
        // Raised to the most severe level, the dependents' responders are invited as for a real incident.
        #expect(raised.effects.contains(.inviteResponders(userIDs: ["U04SRE"], groupHandles: [])))
    }

    @Test func pagingADrillInvitesButPagesNobody() {
        let decision = planner.page(.service("checkout"), by: "U09", in: drill().incident, now: now)
        #expect(decision.effects == [.inviteResponders(userIDs: ["U01PAYLEAD"], groupHandles: ["payments-oncall"])])
    }

    @Test func alertsNeverAttachToADrill() {
        let drillIncident = drill().incident
        var real = drillIncident
        real.number = 8
        real.isDrill = false
        #expect(AlertTriage.activeIncident(on: "checkout", among: [drillIncident]) == nil)
        #expect(AlertTriage.activeIncident(on: "checkout", among: [drillIncident, real])?.number == 8)
    }

    @Test func aDrillBurnsNoErrorBudget() {
        let impact = IncidentImpact(drill().incident, timeline: [], now: now.addingTimeInterval(3600))
        #expect(impact.exclusion == .drill)
    }

    @Test func theScriptPlaysEachStepOnTheDrill() throws {
        let script = DrillScript(severity: "SEV1", service: "checkout", title: DrillScript.defaultTitle(service: "checkout"), commander: "U01PAYLEAD")
        let declaration = planner.declareDrill(script, number: 3, now: now)
        #expect(declaration.incident.isDrill && declaration.incident.declaredBy == "Tocsin drill" && declaration.incident.commander == "U01PAYLEAD")
        #expect(declaration.timelineEntry.text == "Declared SEV1 on checkout by Tocsin drill: Practice: checkout error rate above 5 %")
        var incident = declaration.incident
        var templates: [String] = []
        for (step, offset) in DrillScript.timing where step != .declare {
            let decision = try planner.drillStep(step, of: script, on: incident, now: now.addingTimeInterval(Double(offset))).get()
            incident = decision.incident
            templates += posts(decision.effects).map { "\($0.target)/\($0.template.rawValue)" }
            #expect(posts(decision.effects).allSatisfy { $0.view.isDrill })
        }
        #expect(templates == [
            "incidentChannel/alerts", "incidentChannel/drill_prompt", "incidentChannel/status_update",
            "named(\"incident-drills\")/exec_root", "thread(\"incident-drills\")/status_exec_thread", "incidentChannel/drill_prompt",
        ])
        #expect(DrillScript.timing.last?.seconds == 120)
    }

    @Test func theScriptStopsOnAnEndedDrillAndNeverTouchesARealIncident() throws {
        let script = DrillScript(severity: "SEV1", service: "checkout", title: "Practice", commander: "U01PAYLEAD")
        let resolved = try planner.resolve(drill().incident, summary: nil, by: "U09", now: now).get().incident
        #expect(planner.drillStep(.statusUpdate, of: script, on: resolved, now: now) == .failure(.alreadyResolved(number: 7)))
        var real = drill().incident
        real.isDrill = false
        #expect(planner.drillStep(.checkInPrompt, of: script, on: real, now: now) == .failure(.notADrill(number: 7)))
    }

    @Test func theDefaultCommanderIsTheServicesFirstUser() {
        #expect(DrillScript.defaultCommander(service: Example.configuration.services[0]) == "U01PAYLEAD")
        #expect(DrillScript.defaultCommander(service: ServiceEntry(name: "x", tier: 1, responders: [.group(handle: "oncall")])) == nil)
    }
}
