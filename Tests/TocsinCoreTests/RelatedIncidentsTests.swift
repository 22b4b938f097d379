import Foundation
import Testing
import TocsinCore
import TocsinTestSupport

@Suite struct RelatedIncidentsTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let planner = IncidentPlanner(configuration: Example.configuration)

    /// storefront → checkout → payments-api → card-gateway; search → catalog; reports alone; ledger shares
    /// payments-api with checkout (a sibling).
    static let services = [
        ServiceEntry(name: "storefront", tier: 2, dependsOn: ["checkout", "search"]),
        ServiceEntry(name: "checkout", tier: 1, dependsOn: ["payments-api"]),
        ServiceEntry(name: "payments-api", tier: 1, dependsOn: ["card-gateway"]),
        ServiceEntry(name: "card-gateway", tier: 1),
        ServiceEntry(name: "ledger", tier: 2, dependsOn: ["payments-api"]),
        ServiceEntry(name: "search", tier: 2, dependsOn: ["catalog"]),
        ServiceEntry(name: "catalog", tier: 3),
        ServiceEntry(name: "reports", tier: 3),
    ]
    let graph = ServiceGraph(services: services)

    @Test(arguments: [
        ("checkout", "checkout", "checkout"),
        ("checkout", "payments-api", "checkout → payments-api"),
        ("payments-api", "checkout", "checkout → payments-api"),
        ("storefront", "card-gateway", "storefront → checkout → payments-api → card-gateway"),
        ("card-gateway", "storefront", "storefront → checkout → payments-api → card-gateway"),
        ("CHECKOUT", "Payments-API", "checkout → payments-api"),
        ("storefront", "catalog", "storefront → search → catalog"),
    ])
    func servicesConnectedAlongDependencyEdgesHaveAPathWrittenFromTheDependent(first: String, second: String, path: String) {
        #expect(graph.path(between: first, and: second)?.text == path)
    }

    @Test(arguments: [
        ("checkout", "ledger"),       // siblings: both depend on payments-api, neither on the other
        ("checkout", "search"),       // both are dependencies of storefront
        ("reports", "checkout"),      // no edges at all
        ("checkout", "not-in-catalog"),
    ])
    func servicesThatOnlyShareANeighbourAreNotRelated(first: String, second: String) {
        #expect(graph.path(between: first, and: second) == nil)
        #expect(graph.path(between: second, and: first) == nil)
    }

    @Test func aServiceOutsideTheCatalogIsRelatedOnlyToItself() {
        #expect(graph.path(between: "legacy-batch", and: "legacy-batch")?.services == ["legacy-batch"])
        #expect(graph.path(between: "legacy-batch", and: "legacy-batch")?.isSameService == true)
    }

    @Test func aCycleInTheGraphEndsTheWalkWithoutLooping() {
        let cyclic = ServiceGraph(services: [
            ServiceEntry(name: "a", tier: 1, dependsOn: ["b"]),
            ServiceEntry(name: "b", tier: 1, dependsOn: ["c"]),
            ServiceEntry(name: "c", tier: 1, dependsOn: ["a"]),
            ServiceEntry(name: "d", tier: 1, dependsOn: ["d"]),
            ServiceEntry(name: "e", tier: 1),
        ])
        #expect(cyclic.path(between: "a", and: "c")?.text == "a → b → c")
        #expect(cyclic.path(between: "c", and: "b")?.text == "c → a → b")
        #expect(cyclic.path(between: "a", and: "e") == nil)
        #expect(cyclic.path(between: "d", and: "e") == nil)
    }

    @Test func theShortestPathIsChosenWhenThereAreSeveral() {
        let diamond = ServiceGraph(services: [
            ServiceEntry(name: "web", tier: 1, dependsOn: ["api", "db"]),
            ServiceEntry(name: "api", tier: 1, dependsOn: ["db"]),
            ServiceEntry(name: "db", tier: 1),
        ])
        #expect(diamond.path(between: "web", and: "db")?.text == "web → db")
    }

    @Test func theRelatedServicesAreTheOnesAPathReaches() {
        let related = graph.relatedServices(to: "Payments-API")
        for service in Self.services.map(\.name) + ["not-in-catalog"] {
            #expect(related.contains(service) == (graph.path(between: "payments-api", and: service) != nil), "\(service)")
        }
        #expect(related.contains("Payments-API"), "the name as asked is kept too")
        #expect(graph.relatedServices(to: "legacy-batch") == ["legacy-batch"])
    }

    private func incident(_ number: Int, _ service: String?, state: IncidentState = .investigating) -> Incident {
        Incident(number: number, title: "Incident \(number)", severity: "SEV1", service: service, tier: 1, state: state,
                 commander: "U1", declaredBy: "U1", declaredAt: now)
    }

    @Test func activeIncidentsOnTheSameServiceADependencyOrADependentAreFoundRelated() {
        let new = incident(9, "payments-api")
        let others = [
            incident(1, "checkout"), incident(2, "payments-api"), incident(3, "card-gateway"), incident(4, "ledger"),
            incident(5, "reports"), incident(6, nil), incident(7, "storefront"),
        ]
        let found = RelatedIncidents.find(for: new, among: others + [new], graph: graph)
        #expect(found.map(\.incident.number) == [1, 2, 3, 4, 7])
        #expect(found.map(\.path.text) == [
            "checkout → payments-api", "payments-api", "payments-api → card-gateway", "ledger → payments-api",
            "storefront → checkout → payments-api",
        ])
    }

    @Test func cancelledAndResolvedIncidentsAreNeverRelated() {
        let new = incident(9, "checkout")
        let others = [incident(1, "checkout", state: .cancelled), incident(2, "checkout", state: .resolved), incident(3, "checkout", state: .declared)]
        #expect(RelatedIncidents.find(for: new, among: others, graph: graph).map(\.incident.number) == [3])
        #expect(RelatedIncidents.find(for: incident(9, "checkout", state: .cancelled), among: others, graph: graph).isEmpty)
    }

    @Test func drillsAreRelatedOnlyToDrillsAndShiftsToNothing() {
        var drill = incident(8, "checkout")
        drill.isDrill = true
        var otherDrill = incident(7, "checkout")
        otherDrill.isDrill = true
        var shift = incident(6, "checkout")
        shift.kind = .oncallShift
        let real = incident(5, "checkout")
        #expect(RelatedIncidents.find(for: incident(9, "checkout"), among: [drill, otherDrill, shift, real], graph: graph).map(\.incident.number) == [5])
        #expect(RelatedIncidents.find(for: drill, among: [otherDrill, shift, real], graph: graph).map(\.incident.number) == [7])
        #expect(RelatedIncidents.find(for: shift, among: [drill, real], graph: graph).isEmpty)
    }

    @Test func aDeclarationIsLinkedAutomaticallyToTheMostRecentFewOnly() {
        let others = (1...8).map { incident($0, "checkout") }
        let found = RelatedIncidents.find(for: incident(9, "checkout"), among: others.shuffled(), graph: graph)
        #expect(found.count == 8)
        #expect(RelatedIncidents.automaticLinks(found.shuffled()).map(\.incident.number) == [6, 7, 8])
        #expect(RelatedIncidents.automaticLinks(Array(found.prefix(2))).map(\.incident.number) == [1, 2])
    }

    @Test func anIncidentWithoutAServiceHasNoRelatedIncidents() {
        #expect(RelatedIncidents.find(for: incident(9, nil), among: [incident(1, nil), incident(2, "checkout")], graph: graph).isEmpty)
    }

    private func entry(_ kind: TimelineEntry.Kind, _ key: String, second: Double) -> TimelineEntry {
        TimelineEntry(at: now.addingTimeInterval(second), kind: kind, actor: nil, text: "x", key: key)
    }

    @Test func theCurrentLinksAreTheLinkEntriesLessTheUnlinksInTimeOrder() {
        let timeline = [
            entry(.declared, "declared", second: 0),
            entry(.link, "link:4:auto", second: 1),
            entry(.link, "link:7:1800000002000:U1", second: 2),
            entry(.unlink, "unlink:4:1800000003000:U1", second: 3),
            entry(.link, "link:7:1800000004000:U2", second: 4),
            entry(.note, "link:99:not-a-link", second: 5),
            entry(.link, "link:notanumber:auto", second: 6),
            entry(.link, "link:5:1800000008000:U1", second: 8),
            entry(.unlink, "unlink:5:1800000007000:U1", second: 7),
        ]
        #expect(RelatedIncidents.links(in: timeline) == [7, 5])
    }

    @Test func linkingByHandRecordsHereAndAsksDeliveryToRecordOnTheOtherIncident() throws {
        let here = incident(3, "checkout")
        let other = incident(5, "reports")
        let decision = try planner.link(here, to: other, linked: [], by: "U2", now: now).get()
        let suffix = RelatedIncidents.suffix(at: now, actor: "U2")
        #expect(decision.timeline == [
            TimelineEntry(at: now, kind: .link, actor: "U2", text: "Linked to #5 Incident 5", key: "link:5:\(suffix)"),
        ])
        #expect(decision.effects.count == 2)
        guard case .post(let post) = decision.effects.first else { Issue.record("no post"); return }
        #expect(post.target == .incidentChannel)
        #expect(post.content == .incidentLink(IncidentLinkNews(change: .linked, other: LinkedIncident(other), actor: "U2")))
        #expect(decision.effects.last == .related(.mirror(
            incident: 5, news: IncidentLinkNews(change: .linked, other: LinkedIncident(here), actor: "U2"), keySuffix: suffix
        )))
        #expect(RelatedIncidents.links(in: decision.timeline) == [5])
    }

    @Test func linkingRefusesItselfACancelledIncidentAndOneAlreadyLinked() {
        let here = incident(3, "checkout")
        #expect(planner.link(here, to: here, linked: [], by: "U2", now: now) == .failure(.itself(3)))
        #expect(planner.link(here, to: incident(4, nil, state: .cancelled), linked: [], by: "U2", now: now) == .failure(.cancelled(4)))
        #expect(planner.link(here, to: incident(5, nil), linked: [5], by: "U2", now: now) == .failure(.alreadyLinked(5)))
        #expect(planner.unlink(here, from: incident(6, nil), linked: [5], by: "U2", now: now) == .failure(.notLinked(6)))
        #expect(LinkError.alreadyLinked(5).message(command: "/incident").contains("`/incident unlink 5`"))
    }

    @Test func unlinkingRecordsAnUnlinkEntryThatEndsTheLink() throws {
        let here = incident(3, "checkout")
        let decision = try planner.unlink(here, from: incident(5, nil), linked: [5], by: "U2", now: now).get()
        let linkedBefore = [TimelineEntry(at: now.addingTimeInterval(-60), kind: .link, actor: nil, text: "x", key: "link:5:auto")]
        #expect(decision.timeline.map(\.kind) == [.unlink])
        #expect(RelatedIncidents.links(in: linkedBefore + decision.timeline).isEmpty)
    }

    @Test func anAutomaticLinkSaysHowTheServicesConnect() {
        let news = IncidentLinkNews(change: .suspected, other: LinkedIncident(incident(2, "payments-api")), path: DependencyPath(services: ["checkout", "payments-api"]))
        let decision = planner.recordLink(news, on: incident(3, "checkout"), keySuffix: "auto", now: now)
        #expect(decision.timeline.first?.key == "link:2:auto")
        #expect(decision.timeline.first?.actor == nil)
        #expect(decision.timeline.first?.text.plainText == "Possibly related to #2 Incident 2 (dependency: checkout → payments-api)")
    }

    @Test func declaringOnACatalogServiceAsksDeliveryToLookForRelatedIncidents() {
        let onService = planner.declare(IncidentDeclaration(severity: "SEV2", service: "checkout", title: "Slow"), number: 4, userID: "U1", now: now)
        #expect(onService.effects.contains(.related(.detect)))
        let without = planner.declare(IncidentDeclaration(severity: "SEV2", service: nil, title: "Slow"), number: 5, userID: "U1", now: now)
        #expect(!without.effects.contains(.related(.detect)))
    }

    @Test func thePostmortemListsTheIncidentsLinkedNow() {
        let here = incident(3, "checkout", state: .resolved)
        let timeline = [
            TimelineEntry(at: now, kind: .link, actor: nil, text: "x", key: "link:2:auto"),
            TimelineEntry(at: now.addingTimeInterval(1), kind: .link, actor: "U2", text: "x", key: "link:7:1:U2"),
            TimelineEntry(at: now.addingTimeInterval(2), kind: .link, actor: "U2", text: "x", key: "link:8:2:U2"),
            TimelineEntry(at: now.addingTimeInterval(3), kind: .unlink, actor: "U2", text: "x", key: "unlink:8:3:U2"),
        ]
        let facts = planner.postmortem(
            here, timeline: timeline, checkIns: [], actions: [],
            related: [incident(2, "payments-api", state: .resolved), incident(7, "reports"), incident(8, "checkout")], now: now
        )
        #expect(facts.hasRelated)
        #expect(facts.related.map(\.number) == [2, 7])
        #expect(facts.related.first?.path == "checkout → payments-api")
        #expect(facts.related.first?.linkedBy == nil)
        #expect(facts.related.last?.linkedBy == "U2")
        #expect(facts.related.last?.path == "")
    }
}
