import Foundation
import Testing
import TocsinCore
import TocsinTestSupport

@Suite struct ChecklistTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    static let configuration: TocsinConfiguration = {
        var configuration = Example.configuration
        configuration.severities[1].checklist = ["Open a bridge call", "Post the first customer status", "Freeze deploys"]
        configuration.services[0].runbook = "https://wiki.example.com/runbooks/checkout"
        return configuration
    }()
    let planner = IncidentPlanner(configuration: Self.configuration)

    private func incident(severity: Severity = "SEV1", service: String? = "checkout", state: IncidentState = .investigating) -> Incident {
        Incident(number: 4, title: "Card payments failing", severity: severity, service: service, tier: 1, state: state,
                 commander: "U1", declaredBy: "U1", declaredAt: now)
    }

    @Test func theWelcomeShowsTheServicesRunbookAndTheSeveritysChecklist() {
        let declaration = planner.declare(IncidentDeclaration(severity: "SEV1", service: "checkout", title: "Down"), number: 4, userID: "U1", now: now)
        guard case .post(let welcome) = declaration.effects.first(where: { if case .post(let post) = $0 { post.content == .welcome } else { false } }) else {
            Issue.record("no welcome"); return
        }
        #expect(welcome.view.runbook == "https://wiki.example.com/runbooks/checkout")
        #expect(welcome.view.checklist == [
            ChecklistItem(text: "Open a bridge call"), ChecklistItem(text: "Post the first customer status"), ChecklistItem(text: "Freeze deploys"),
        ])
    }

    @Test func aSeverityWithoutAChecklistAndAServiceWithoutARunbookShowNeither() {
        let view = planner.view(of: incident(severity: "SEV2", service: "reports"), now: now)
        #expect(view.runbook == nil)
        #expect(view.checklist == nil)
    }

    @Test func tickingAnItemRecordsItOnceAndRedrawsTheWelcome() throws {
        let decision = try planner.tick("Freeze deploys", on: incident(), by: "U2", timeline: [], now: now).get()
        #expect(decision.timeline == [
            TimelineEntry(at: now, kind: .checklist, actor: "U2", text: "Checklist: Freeze deploys", key: "checklist:Freeze deploys"),
        ])
        guard case .updateRoot(let post) = decision.effects.first else { Issue.record("no redraw"); return }
        #expect(post.target == .incidentChannel)
        #expect(post.content == .welcome)

        let items = Checklist.items(["Open a bridge call", "Freeze deploys"], timeline: decision.timeline)
        #expect(items == [ChecklistItem(text: "Open a bridge call"), ChecklistItem(text: "Freeze deploys", doneBy: "U2", doneAt: now)])
        #expect(planner.tick("Freeze deploys", on: incident(), by: "U3", timeline: decision.timeline, now: now)
            == .failure(.alreadyDone(item: "Freeze deploys", by: "U2", at: now)))
    }

    @Test func anItemOnNoChecklistOrAnEndedIncidentIsNotTicked() {
        #expect(planner.tick("Reboot everything", on: incident(), by: "U2", timeline: [], now: now) == .failure(.unknownItem("Reboot everything")))
        #expect(planner.tick("Freeze deploys", on: incident(state: .resolved), by: "U2", timeline: [], now: now) == .failure(.ended(number: 4)))
        // An item of another severity's checklist still ticks off (the severity changed since the welcome was drawn).
        #expect((try? planner.tick("Freeze deploys", on: incident(severity: "SEV2"), by: "U2", timeline: [], now: now).get()) != nil)
    }
}
