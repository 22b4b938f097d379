import Foundation
import Testing
import TocsinCore
import TocsinTestSupport

@Suite struct IncidentPlannerTests {
    let planner = IncidentPlanner(configuration: Example.configuration)
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func posts(_ effects: [Effect]) -> [Post] {
        effects.compactMap { if case .post(let post) = $0 { post } else { nil } }
    }

    @Test func declaringSEV1OnATierOneServiceTellsEveryRing() {
        let declaration = planner.declare(
            IncidentDeclaration(severity: "SEV1", service: "checkout", title: "Card payments failing"),
            number: 12, userID: "U09DECLARER", now: now
        )
        #expect(declaration.incident == Incident(
            number: 12, title: "Card payments failing", severity: "SEV1", service: "checkout", tier: 1,
            commander: "U09DECLARER", declaredBy: "U09DECLARER", declaredAt: now,
            nextUpdateDue: now.addingTimeInterval(1800),
            toldChannels: [
                RingChannel(name: "payments", ring: .stakeholders), RingChannel(name: "web", ring: .stakeholders),
                RingChannel(name: "incidents", ring: .company), RingChannel(name: "exec-incidents", ring: .executives),
            ]
        ))
        #expect(declaration.rings == [.responders, .stakeholders, .company, .executives])
        #expect(declaration.effects.prefix(3) == [
            .createIncidentChannel(name: "inc-12-checkout-card-payments-failing"),
            .inviteResponders(userIDs: ["U09DECLARER", "U01PAYLEAD"], groupHandles: ["payments-oncall"]),
            .setIncidentTopic("SEV1 · declared · Card payments failing"),
        ])
        let targets = posts(declaration.effects).map { "\($0.target)/\($0.template.rawValue)" }
        #expect(targets == [
            "incidentChannel/welcome",
            "named(\"payments\")/stakeholders_declared",
            "named(\"web\")/stakeholders_declared",
            "named(\"incidents\")/company_declared",
            "named(\"exec-incidents\")/exec_root",
            "directMessage(\"U09DECLARER\")/role_briefing",
        ])
        let welcome = posts(declaration.effects)[0].view
        #expect(welcome.updateEvery == "30 minutes")
        #expect(welcome.impactedServices == ["storefront"])
    }

    @Test func aSEV2OnAnUnknownServiceOnlyEngagesResponders() {
        let declaration = planner.declare(IncidentDeclaration(severity: "SEV2", service: nil, title: "Odd"), number: 1, userID: "U1", now: now)
        #expect(declaration.incident.tier == 3)
        #expect(declaration.rings == [.responders])
        #expect(posts(declaration.effects).map(\.template) == [.welcome, .roleBriefing], "the commander is briefed in a direct message")
        #expect(declaration.effects[1] == .inviteResponders(userIDs: ["U1"], groupHandles: []))
    }

    @Test func theDeclarerIsNotInvitedTwice() {
        let declaration = planner.declare(IncidentDeclaration(severity: "SEV2", service: "storefront", title: "x"), number: 2, userID: "U01PAYLEAD", now: now)
        #expect(declaration.effects[1] == .inviteResponders(userIDs: ["U01PAYLEAD", "U04SRE"], groupHandles: []))
    }

    @Test func aSharedStakeholdersChannelIsToldOnce() {
        // checkout and payments-api share #payments; payments-api's dependent checkout is impacted.
        let declaration = planner.declare(IncidentDeclaration(severity: "SEV1", service: "payments-api", title: "5xx"), number: 3, userID: "U1", now: now)
        let stakeholderTargets = posts(declaration.effects).filter { $0.ring == .stakeholders }.map(\.target)
        #expect(stakeholderTargets == [.named("payments")])
    }

    @Test func theTopicFitsSlacksLimit() {
        let incident = Incident(number: 1, title: String(repeating: "t", count: 300), severity: "SEV1", service: nil, tier: 3, commander: "U1", declaredBy: "U1", declaredAt: now)
        #expect(planner.topic(of: incident).count <= 250)
    }
}

@Suite struct CheckInPlannerTests {
    let planner = IncidentPlanner(configuration: Example.configuration)
    let declaredAt = Date(timeIntervalSince1970: 1_800_000_000)

    private func incident(_ severity: Severity) -> Incident {
        Incident(number: 4, title: "t", severity: severity, service: "checkout", tier: 1, commander: "U1", declaredBy: "U1", declaredAt: declaredAt)
    }

    private func checkIn(_ decision: Decision) -> CheckInView? {
        guard case .post(let post)? = decision.effects.first, case .checkedIn(let view) = post.content, post.target == .incidentChannel else { return nil }
        return view
    }

    @Test(arguments: [
        ("SEV0", 299, "4 minutes 59 seconds", true),
        ("SEV0", 301, "5 minutes 1 second", false),
        ("SEV1", 1800, "30 minutes", true),
        ("SEV2", 3 * 3600 + 60, "3 hours 1 minute", false),
        ("SEV1", 45, "45 seconds", true),
    ])
    func measuresTimeToActionAgainstTheSeverityTarget(severity: Severity, elapsed: Int, spelled: String, within: Bool) {
        let view = checkIn(planner.checkIn(incident(severity), userID: "U7", isFirst: true, now: declaredAt.addingTimeInterval(Double(elapsed))))
        #expect(view == CheckInView(userID: "U7", timeToAction: spelled, target: Example.configuration.severity(named: severity)!.checkInWithin.spelledOut, withinTarget: within, isFirst: true))
    }

    @Test func aLaterCheckInIsNotTheFirst() {
        let view = checkIn(planner.checkIn(incident("SEV1"), userID: "U8", isFirst: false, now: declaredAt.addingTimeInterval(60)))
        #expect(view?.isFirst == false)
    }
}
