import Foundation
import Testing
import TocsinCore
import TocsinTestSupport

@Suite struct LinkClassifierTests {
    let hosts = CaptureSettings().evidenceHosts

    @Test(arguments: [
        (RichText(parts: [.link(url: "https://grafana.example.com/d/abc?from=now-1h&to=now", label: "Checkout latency")]), ["https://grafana.example.com/d/abc?from=now-1h&to=now"]),
        (RichText(parts: [.text("see "), .link(url: "https://app.datadoghq.com/apm/traces", label: nil), .text(" and https://sentry.io/issues/42 now")]), ["https://app.datadoghq.com/apm/traces", "https://sentry.io/issues/42"]),
        (RichText("no links here"), []),
        (RichText(parts: [.text("ftp://files.example.com and "), .link(url: "mailto:a@b.c", label: nil)]), []),
        (RichText(parts: [.link(url: "https://x.example.com", label: nil), .text(", https://x.example.com")]), ["https://x.example.com"]),
    ])
    func findsLinksInMessages(text: RichText, links: [String]) {
        #expect(text.links == links)
    }

    @Test(arguments: [
        ("https://grafana.example.com/d/abc", "grafana"),
        ("https://grafana.internal/d/abc", "grafana"),
        ("https://app.datadoghq.com/apm", "datadoghq.com"),
        ("https://one.newrelic.com/x", "newrelic.com"),
        ("https://prometheus.ops.example.com/graph", "prometheus"),
        ("https://kibana.example.com/app", "kibana"),
        ("https://ui.honeycomb.io/team", "honeycomb.io"),
        ("https://acme.sentry.io/issues/1", "sentry.io"),
    ])
    func classifiesObservabilityTools(url: String, host: String) {
        #expect(LinkClassifier.evidenceHost(of: url, hosts: hosts) == host)
    }

    @Test(arguments: ["https://example.com/grafana", "https://notsentry.io/x", "https://github.com/org/repo/pull/1", "not a url"])
    func otherLinksAreNotEvidence(url: String) {
        #expect(LinkClassifier.evidenceHost(of: url, hosts: hosts) == nil)
    }
}

@Suite struct CaptureTests {
    let planner = IncidentPlanner(configuration: Example.configuration)
    let incident = Incident(number: 3, title: "t", severity: "SEV1", service: "checkout", tier: 1, commander: "U1", declaredBy: "U1", declaredAt: Date(timeIntervalSince1970: 1_800_000_000))

    @Test func evidenceLinksAndFilesAreCapturedWithTheirAuthorAndTime() throws {
        let message = ChannelMessage(ts: "1800000100.000200", user: "U7", text: RichText(parts: [.text("p99 up: "), .link(url: "https://grafana.example.com/d/x", label: "graph"), .text(" also https://github.com/a")]), files: ["heap.png"])
        let decision = try #require(planner.capture(message, in: incident))
        #expect(decision.timeline == [
            TimelineEntry(at: message.postedAt, kind: .evidence, actor: "U7", text: "grafana: https://grafana.example.com/d/x", key: "evidence:1800000100.000200:https://grafana.example.com/d/x"),
            TimelineEntry(at: message.postedAt, kind: .file, actor: "U7", text: "File shared: heap.png", key: "file:1800000100.000200:heap.png"),
        ])
        #expect(decision.effects == [.addReaction(ts: "1800000100.000200", name: "white_check_mark")])
        #expect(planner.capture(ChannelMessage(ts: "1", user: "U7", text: "just talking"), in: incident) == nil)
    }

    @Test func anIntegrationsLinkIsEvidenceNamedInTheTextNotAsAPerson() throws {
        let alert = ChannelMessage(ts: "1800000150.000100", user: "B0GRAFANA", text: RichText(parts: [.text("Alert firing: "), .link(url: "https://grafana.example.com/d/y", label: "p99")]), botName: "Grafana")
        let decision = try #require(planner.capture(alert, in: incident))
        #expect(decision.timeline == [
            TimelineEntry(at: alert.postedAt, kind: .evidence, actor: nil, text: "grafana: https://grafana.example.com/d/y (posted by Grafana)", key: "evidence:1800000150.000100:https://grafana.example.com/d/y"),
        ])
    }

    @Test func anEditedInLinkIsKeyedLikeTheOriginalSoOnlyNewLinksAreNew() throws {
        let original = ChannelMessage(ts: "1800000100.000200", user: "U7", text: "p99 up: https://grafana.example.com/d/x")
        let edited = ChannelMessage(ts: "1800000100.000200", user: "U7", text: "p99 up: https://grafana.example.com/d/x and https://sentry.io/issues/9")
        let before = try #require(planner.capture(original, in: incident)).timeline.map(\.key)
        let after = try #require(planner.capture(edited, in: incident)).timeline.map(\.key)
        #expect(Set(after).subtracting(before) == ["evidence:1800000100.000200:https://sentry.io/issues/9"])
    }

    @Test func aMarkedMessageKeepsItsOriginalAuthorAndTimeAndUnmarkingRemovesIt() {
        let message = ChannelMessage(ts: "1800000200.000100", user: "U8", text: "Rolled back deploy 42")
        let marked = planner.captureMarked(message.ts, message: message, by: "U9", source: .reaction, in: incident)
        #expect(marked.timeline == [TimelineEntry(at: message.postedAt, kind: .captured, actor: "U8", text: "\(user: "U8"): Rolled back deploy 42", key: "reaction:1800000200.000100")])
        #expect(marked.effects == [.addReaction(ts: message.ts, name: "white_check_mark")])
        #expect(planner.releaseMarked(message.ts, source: .reaction, in: incident).removedFromTimeline == ["reaction:1800000200.000100"])
        #expect(planner.captureMarked(message.ts, message: message, by: "U9", source: .pin, in: incident).timeline.first?.key == "pin:1800000200.000100")
    }

    @Test func theTimelineIsOrderedByTimeWithTiesInRecordedOrder() {
        let t = Date(timeIntervalSince1970: 1_800_000_000)
        let entries = [
            TimelineEntry(at: t.addingTimeInterval(60), kind: .note, actor: "U1", text: "b", key: "b"),
            TimelineEntry(at: t, kind: .declared, actor: "U1", text: "a", key: "a"),
            TimelineEntry(at: t.addingTimeInterval(60), kind: .note, actor: "U1", text: "c", key: "c"),
            TimelineEntry(at: t.addingTimeInterval(30), kind: .captured, actor: "U2", text: "earlier message captured later", key: "d"),
        ]
        #expect(TimelineEntry.ordered(entries).map(\.key) == ["a", "d", "b", "c"])
    }

    @Test func theTimelinePagesShowUTCTimes() {
        let t = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15 08:00:00 UTC
        let entries = (0..<30).map { TimelineEntry(at: t.addingTimeInterval(Double($0) * 60), kind: .note, actor: "U1", text: "note \($0)", key: "k\($0)") }
        let first = TimelineText.page(entries, of: incident, page: 1, command: "/incident")
        #expect(first.plainText.contains("(page 1 of 2, times in UTC)"))
        #expect(first.plainText.contains("• `2027-01-15 08:00:00` note note 0 (@U1)"))
        #expect(first.parts.contains(.strong("note")), "the kind stands out as a part the platform renders, not as markup in the text")
        #expect(first.mentionedUsers == ["U1"], "the author is a mention, not markup in the text")
        #expect(first.plainText.contains("More: `/incident timeline 2`"))
        let second = TimelineText.page(entries, of: incident, page: 2, command: "/incident")
        #expect(second.plainText.contains("note 29"))
        #expect(!second.plainText.contains("More:"))
    }
}

@Suite struct ActionItemTests {
    let parser = CommandParser(catalog: CommandCatalog(
        command: "/incident", description: "d", usageHint: "h",
        subcommands: CommandParser.knownSubcommands.sorted().map { SubcommandSpec(name: $0, usage: $0 == "action" ? "action @owner <text>" : $0, summary: "s", scope: .anywhere) }
    ), configuration: Example.configuration)

    @Test(arguments: [
        ("action @U0DANA Add an alert on card declines due:2026-12-01", ActionRequest(owner: "U0DANA", text: "Add an alert on card declines", due: "2026-12-01")),
        ("action @U0DANA Write the runbook", ActionRequest(owner: "U0DANA", text: "Write the runbook", due: nil)),
        ("action U0DANA Check due:dates in text due:2024-02-29", ActionRequest(owner: "U0DANA", text: "Check due:dates in text", due: "2024-02-29")),
    ])
    func parsesActionItems(text: String, expected: ActionRequest) {
        #expect(parser.parse(typed(text)) == .success(.inIncident(.action(expected))))
    }

    @Test(arguments: [
        ("action", CommandError.badAction(usage: "action @owner <text>")),
        ("action @dana fix it", .badAction(usage: "action @owner <text>")),
        ("action @U0DANA", .badAction(usage: "action @owner <text>")),
        ("action @U0DANA Fix due:2026-13-01", .badDueDate("2026-13-01")),
        ("action @U0DANA Fix due:2025-02-29", .badDueDate("2025-02-29")),
        ("action @U0DANA Fix due:tomorrow", .badDueDate("tomorrow")),
    ])
    func rejectsBadActionItems(text: String, error: CommandError) {
        #expect(parser.parse(typed(text)) == .failure(error))
    }

    @Test func followUpsListOverdueFirstThenByDueDate() {
        let t = Date(timeIntervalSince1970: 1_800_000_000)
        func item(_ id: Int, _ due: String?, _ state: ActionItem.State = .open) -> ActionItem {
            ActionItem(id: id, incidentNumber: 1, owner: "U1", text: "x", due: due, state: state, createdBy: "U1", createdAt: t)
        }
        let items = [item(1, nil), item(2, "2026-12-30"), item(3, "2026-11-01"), item(4, "2026-11-20", .done), item(5, "2026-11-10"), item(6, "2026-12-01")]
        #expect(ActionItem.followUpOrder(items, today: "2026-11-22").map(\.id) == [3, 5, 6, 2, 1])
        #expect(items[2].isOverdue(today: "2026-11-22"))
        #expect(!items[3].isOverdue(today: "2026-11-22"))
    }

    @Test func kpisPerSeverityCountTimeToActionAndActionItems() {
        let t = Date(timeIntervalSince1970: 1_800_000_000)
        let incidents = [
            Incident(number: 1, title: "a", severity: "SEV0", service: nil, tier: 3, state: .resolved, commander: "U1", declaredBy: "U1", declaredAt: t),
            Incident(number: 2, title: "b", severity: "SEV0", service: nil, tier: 3, commander: "U1", declaredBy: "U1", declaredAt: t),
            Incident(number: 3, title: "c", severity: "SEV2", service: nil, tier: 3, commander: "U1", declaredBy: "U1", declaredAt: t),
        ]
        let actions = [
            ActionItem(id: 1, incidentNumber: 1, owner: "U1", text: "x", due: nil, state: .done, createdBy: "U1", createdAt: t),
            ActionItem(id: 2, incidentNumber: 2, owner: "U1", text: "y", due: nil, createdBy: "U1", createdAt: t),
        ]
        let report = KPIReport.make(incidents: incidents, firstCheckIns: [1: t.addingTimeInterval(240), 2: t.addingTimeInterval(600)], actions: actions, configuration: Example.configuration)
        let sev0 = report.rows[0]
        #expect(sev0.incidents == 2 && sev0.resolved == 1)
        #expect(sev0.checkedIn == 2 && sev0.checkInsWithinTarget == 1)
        // Nearest-rank median (issue #15): of 240 and 600, the lower.
        #expect(sev0.medianTimeToAction == 240)
        #expect(sev0.actionItems == 2 && sev0.actionItemsDone == 1)
        #expect(report.text.contains("50% (1/2)"))
        #expect(report.rows[2].incidents == 1 && report.rows[2].medianTimeToAction == nil)
    }

    /// Issue #15: an incident cancelled as declared by mistake counts in no KPI, nor do its check-ins and action items.
    @Test func aCancelledIncidentCountsNowhere() {
        let t = Date(timeIntervalSince1970: 1_800_000_000)
        let incidents = [
            Incident(number: 1, title: "a", severity: "SEV0", service: nil, tier: 3, state: .resolved, commander: "U1", declaredBy: "U1", declaredAt: t),
            Incident(number: 2, title: "b", severity: "SEV0", service: nil, tier: 3, state: .cancelled, commander: "U1", declaredBy: "U1", declaredAt: t),
        ]
        let actions = [ActionItem(id: 1, incidentNumber: 2, owner: "U1", text: "y", due: nil, createdBy: "U1", createdAt: t)]
        let report = KPIReport.make(
            incidents: incidents, firstCheckIns: [1: t.addingTimeInterval(240), 2: t.addingTimeInterval(10)], actions: actions,
            surveys: [2: (answered: 0, participants: 3)], configuration: Example.configuration)
        let sev0 = report.rows[0]
        #expect(sev0.incidents == 1 && sev0.resolved == 1)
        #expect(sev0.checkedIn == 1 && sev0.medianTimeToAction == 240)
        #expect(sev0.actionItems == 0 && sev0.surveysAsked == 0)
    }
}

/// Issue #10: a ts of `nan` or `1e300` became a date no store can read back.
@Suite struct PostingTimeTests {
    @Test(arguments: [
        ("1700000000.000100", 1_700_000_000.000_1), ("1700000000.5", 1_700_000_000.5), ("1700000000", 1_700_000_000), ("0.000001", 0.000_001),
        ("9999999999.999999", 9_999_999_999.999_999),
    ])
    func readsTheTimeAMessageTSStandsFor(ts: String, seconds: Double) throws {
        let date = try #require(ChannelMessage.postingTime(ts))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_001)
    }

    @Test(arguments: ["nan", "inf", "-inf", "1e300", "12345678901234567890", "-1.000000", "1700000000.", ".5", "1700000000.1234567", "", "17OO000000.000100", "+1.5"])
    func anythingElseIsNoTimeAndPostsAtTheEpoch(ts: String) {
        #expect(ChannelMessage.postingTime(ts) == nil)
        let message = ChannelMessage(ts: ts, user: "U1", text: "x")
        #expect(message.postedAt == Date(timeIntervalSince1970: 0))
    }
}
