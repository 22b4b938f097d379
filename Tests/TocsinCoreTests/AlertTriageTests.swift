import Foundation
import Testing
import TocsinCore
import TocsinTestSupport

/// Declare-or-attach: which service and severity an alert names, and what a batch changes given the active incident.
@Suite struct AlertTriageTests {
    static let configuration: TocsinConfiguration = {
        var configuration = Example.configuration
        configuration.alerts = AlertSettings(severities: ["critical": "SEV1", "page": "SEV1", "warning": "SEV2"], declare: ["SEV0", "SEV1"])
        return configuration
    }()

    let triage = AlertTriage(configuration: Self.configuration)
    let planner = IncidentPlanner(configuration: Self.configuration)
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func alert(
        _ name: String = "CheckoutErrorRate", status: AlertNotice.Status = .firing, service: String? = "checkout", severity: String? = "critical",
        fingerprint: String = "1a30ba71cca2921f"
    ) -> AlertNotice {
        AlertNotice(
            key: "am:\(fingerprint):\(status.rawValue):2026-11-30T06:01:45Z", name: name, status: status, service: service, severityValue: severity,
            summary: "Checkout error rate above 5%", startsAt: Date(timeIntervalSince1970: 1_795_000_000),
            labels: [AlertLabel(name: "service", value: service ?? ""), AlertLabel(name: "severity", value: severity ?? "")],
            links: [AlertLink(title: "Runbook", url: "https://runbooks.example.com/checkout")]
        )
    }

    static func incident(_ number: Int, service: String, state: IncidentState = .investigating) -> Incident {
        Incident(number: number, title: "t", severity: "SEV1", service: service, tier: 1, state: state, commander: "U1", declaredBy: "U1", declaredAt: Date(timeIntervalSince1970: 0))
    }

    @Test(arguments: [
        (AlertTriageTests.alert(service: nil), AlertRefusal.missingService(alert: "CheckoutErrorRate", label: "service")),
        (AlertTriageTests.alert(service: "billing"), .unknownService("billing", alert: "CheckoutErrorRate")),
        (AlertTriageTests.alert(severity: nil), .missingSeverity(alert: "CheckoutErrorRate", label: "severity")),
        (AlertTriageTests.alert(severity: "meh"), .unmappedSeverity("meh", alert: "CheckoutErrorRate")),
    ])
    func aNotificationWithOneBadAlertIsRefusedWhole(bad: AlertNotice, refusal: AlertRefusal) {
        #expect(triage.batches([Self.alert(), bad]) == .failure(refusal))
        #expect(!refusal.message.isEmpty)
    }

    @Test func severitiesMapByTableOrByTheirOwnNameAndTheMostSevereFiringOneLeads() throws {
        let batches = try triage.batches([
            Self.alert("Slow", severity: "warning", fingerprint: "a"), Self.alert("Down", severity: "page", fingerprint: "b"),
            Self.alert("Gone", status: .resolved, severity: "sev0", fingerprint: "c"),
            Self.alert("Refunds", service: "payments-api", severity: "SEV2", fingerprint: "d"),
        ]).get()
        #expect(batches.map(\.service.name) == ["checkout", "payments-api"])
        #expect(batches[0].severity == "SEV1", "the resolved SEV0 alert does not raise a firing batch")
        #expect(batches[0].firing.map(\.name) == ["Slow", "Down"])
        #expect(batches[0].resolved.map(\.name) == ["Gone"])
        #expect(batches[1].severity == "SEV2")
        #expect(triage.batches([]) == .failure(.noAlerts))
    }

    @Test func aDeclaringSeverityDeclaresWhenNoIncidentIsActiveOnTheService() throws {
        let batch = try #require(try triage.batches([Self.alert()]).get().first)
        let active = AlertTriage.activeIncident(on: "checkout", among: [Self.incident(3, service: "payments-api"), Self.incident(4, service: "checkout", state: .resolved)])
        #expect(active == nil)
        guard case .declare(let request, let evidence) = triage.step(for: batch, active: active, recorded: []) else {
            Issue.record("expected a declaration")
            return
        }
        #expect(request == IncidentDeclaration(severity: "SEV1", service: "checkout", title: "Checkout error rate above 5%"))
        #expect(evidence.map(\.name) == ["CheckoutErrorRate"])
    }

    @Test(arguments: [
        ([AlertTriageTests.alert(severity: "warning")], AlertNoChange.severityDoesNotDeclare),
        ([AlertTriageTests.alert(status: .resolved)], .noActiveIncident),
    ])
    func withoutAnActiveIncidentOthersChangeNothing(alerts: [AlertNotice], reason: AlertNoChange) throws {
        let batch = try #require(try triage.batches(alerts).get().first)
        #expect(triage.step(for: batch, active: nil, recorded: []) == .nothing(reason))
    }

    @Test func anActiveIncidentGetsOnlyTheAlertsItsTimelineLacks() throws {
        let active = AlertTriage.activeIncident(on: "Checkout", among: [Self.incident(9, service: "checkout"), Self.incident(7, service: "checkout")])
        #expect(active?.number == 7, "the oldest active incident on the service")
        let known = Self.alert()
        let new = Self.alert("CheckoutLatencyHigh", severity: "warning", fingerprint: "77aa")
        let gone = Self.alert(status: .resolved)
        let batch = try #require(try triage.batches([known, new, new, gone]).get().first)
        #expect(triage.step(for: batch, active: active, recorded: [known.timelineKey]) == .update(incident: 7, attached: [new], resolved: [gone]))
        #expect(triage.step(for: batch, active: active, recorded: [known.timelineKey, new.timelineKey, gone.timelineKey]) == .nothing(.alreadyKnown))
    }

    @Test func aDeclarationFromAlertsNamesTheMonitorAndShowsTheEvidenceAfterTheWelcome() {
        let declaration = planner.declare(
            fromAlerts: IncidentDeclaration(severity: "SEV1", service: "checkout", title: "Checkout error rate above 5%"),
            evidence: [Self.alert()], source: .alertmanager, number: 4, now: now
        )
        #expect(declaration.incident.declaredBy == "Alertmanager")
        #expect(declaration.incident.commander == "U01PAYLEAD", "the service's first responder commands")
        #expect(declaration.timelineEntry.actor == nil)
        #expect(declaration.timelineEntry.text.plainText == "Declared SEV1 on checkout by Alertmanager: Checkout error rate above 5%")
        let templates = declaration.effects.compactMap { effect -> MessageTemplate? in
            if case .post(let post) = effect, post.target == .incidentChannel { return post.template }
            return nil
        }
        #expect(templates == [.welcome, .alerts])
        let reports = IncidentPlanner(configuration: Self.configuration).declare(
            fromAlerts: IncidentDeclaration(severity: "SEV1", service: "reports", title: "x"), evidence: [Self.alert()], source: .webhook, number: 5, now: now
        )
        #expect(reports.incident.commander == "Alert webhook")
        #expect(reports.effects.contains(.inviteResponders(userIDs: [], groupHandles: [])), "a monitor is not invited")
    }

    @Test func attachedAndResolvedAlertsAreTimelineEntriesAndOneMessageEachWithoutResolving() {
        let incident = Self.incident(7, service: "checkout")
        let decision = planner.alerts(attached: [Self.alert("CheckoutLatencyHigh", fingerprint: "77aa")], resolved: [Self.alert(status: .resolved)], to: incident, source: .alertmanager, now: now)
        #expect(decision.incident == incident)
        #expect(decision.timeline.map(\.kind) == [.evidence, .evidence])
        #expect(decision.timeline.map(\.key) == ["alert:am:77aa:firing:2026-11-30T06:01:45Z", "alert:am:1a30ba71cca2921f:resolved:2026-11-30T06:01:45Z"])
        #expect(decision.effects.count == 2)
        guard case .post(let resolved) = decision.effects.last, case .alerts(let news) = resolved.content else {
            Issue.record("expected the resolved message")
            return
        }
        #expect(news.event == .resolved)
        #expect(news.lines.first?.plainText.hasPrefix("CheckoutErrorRate resolved at 2027-01-15 08:00 UTC") == true, "\(news.lines)")
    }

    @Test func pagingFollowsPageAtOnDeclareAndPageAndEveryResolveAsksDeliveryToResolve() throws {
        var configuration = Self.configuration
        configuration.services[0].pager = .pagerDuty(routingKeyEnv: "PD_CHECKOUT_KEY")
        let planner = IncidentPlanner(configuration: configuration)
        let page = Effect.page(PageRequest(action: .trigger, service: "checkout"))
        #expect(planner.declare(IncidentDeclaration(severity: "SEV1", service: "checkout", title: "x"), number: 1, userID: "U1", now: now).effects.contains(page))
        #expect(!planner.declare(IncidentDeclaration(severity: "SEV2", service: "checkout", title: "x"), number: 1, userID: "U1", now: now).effects.contains(page))
        #expect(!planner.declare(IncidentDeclaration(severity: "SEV0", service: "payments-api", title: "x"), number: 1, userID: "U1", now: now).effects.contains { if case .page = $0 { true } else { false } })
        let incident = Self.incident(2, service: "payments-api")
        #expect(planner.page(.service("checkout"), by: "U1", in: incident, now: now).effects.contains(page))
        #expect(!planner.page(.service("payments-api"), by: "U1", in: incident, now: now).effects.contains { if case .page = $0 { true } else { false } })
        let resolved = try planner.resolve(incident, summary: nil, by: "U1", now: now).get()
        #expect(resolved.effects.contains(.page(PageRequest(action: .resolve, service: nil))))
        #expect(!(try self.planner.resolve(incident, summary: nil, by: "U1", now: now).get().effects.contains { if case .page = $0 { true } else { false } }))
    }

    /// Raising an incident into a `page_at` severity pages the service as declaring at it would; lowering it, a
    /// drill, a service without a pager, or a raise between two paging severities pages nobody again.
    @Test func raisingTheSeverityIntoPageAtPagesTheService() throws {
        var configuration = Self.configuration
        configuration.services[0].pager = .pagerDuty(routingKeyEnv: "PD_CHECKOUT_KEY")
        let planner = IncidentPlanner(configuration: configuration)
        let page = Effect.page(PageRequest(action: .trigger, service: "checkout"))
        func pages(_ incident: Incident, to severity: Severity) throws -> Bool {
            try planner.changeSeverity(incident, to: severity, by: "U1", now: now).get().effects.contains { if case .page = $0 { true } else { false } }
        }
        var minor = Self.incident(3, service: "checkout")
        minor.severity = "SEV2"
        #expect(try planner.changeSeverity(minor, to: "SEV1", by: "U1", now: now).get().effects.contains(page))
        var major = minor
        major.severity = "SEV1"
        #expect(try !pages(major, to: "SEV2"), "lowering pages nobody")
        #expect(try !pages(major, to: "SEV0"), "already at a paging severity: paged when it got there")
        var drill = minor
        drill.isDrill = true
        #expect(try !pages(drill, to: "SEV1"))
        var elsewhere = Self.incident(4, service: "payments-api")
        elsewhere.severity = "SEV2"
        #expect(try !pages(elsewhere, to: "SEV1"), "a service without a pager")
    }

    /// Issue #15: a page sent for an incident declared by mistake is resolved when it is cancelled.
    @Test func cancellingResolvesThePagesAsResolvingDoes() throws {
        var configuration = Self.configuration
        configuration.services[0].pager = .pagerDuty(routingKeyEnv: "PD_CHECKOUT_KEY")
        let incident = Self.incident(2, service: "checkout")
        let cancelled = try IncidentPlanner(configuration: configuration).cancel(incident, reason: "mistake", by: "U1", now: now).get()
        #expect(cancelled.effects.contains(.page(PageRequest(action: .resolve, service: nil))))
        #expect(!(try planner.cancel(incident, reason: "mistake", by: "U1", now: now).get().effects.contains { if case .page = $0 { true } else { false } }))
    }
}
