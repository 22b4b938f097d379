import Foundation
import Testing
import TocsinCore

@Suite struct LinkClassifierTests {
    let hosts = CaptureSettings().evidenceHosts

    @Test(arguments: [
        ("<https://grafana.example.com/d/abc?from=now-1h|Checkout latency>", ["https://grafana.example.com/d/abc?from=now-1h"]),
        ("see <https://app.datadoghq.com/apm/traces> and https://sentry.io/issues/42 now", ["https://app.datadoghq.com/apm/traces", "https://sentry.io/issues/42"]),
        ("no links here", []),
        ("ftp://files.example.com and <mailto:a@b.c>", []),
        ("<https://x.example.com>, <https://x.example.com>", ["https://x.example.com"]),
    ])
    func findsLinksInSlackText(text: String, links: [String]) {
        #expect(LinkClassifier.links(in: text) == links)
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
        let message = ChannelMessage(ts: "1800000100.000200", user: "U7", text: "p99 up: <https://grafana.example.com/d/x|graph> also https://github.com/a", files: ["heap.png"])
        let decision = try #require(planner.capture(message, in: incident))
        #expect(decision.timeline == [
            TimelineEntry(at: message.postedAt, kind: .evidence, actor: "U7", text: "grafana: https://grafana.example.com/d/x", key: "evidence:1800000100.000200:https://grafana.example.com/d/x"),
            TimelineEntry(at: message.postedAt, kind: .file, actor: "U7", text: "File shared: heap.png", key: "file:1800000100.000200:heap.png"),
        ])
        #expect(decision.effects == [.addReaction(ts: "1800000100.000200", name: "white_check_mark")])
        #expect(planner.capture(ChannelMessage(ts: "1", user: "U7", text: "just talking"), in: incident) == nil)
    }

    @Test func aMarkedMessageKeepsItsOriginalAuthorAndTimeAndUnmarkingRemovesIt() {
        let message = ChannelMessage(ts: "1800000200.000100", user: "U8", text: "Rolled back deploy 42")
        let marked = planner.captureMarked(message.ts, message: message, by: "U9", source: .reaction, in: incident)
        #expect(marked.timeline == [TimelineEntry(at: message.postedAt, kind: .captured, actor: "U8", text: "<@U8>: Rolled back deploy 42", key: "reaction:1800000200.000100")])
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
        #expect(first.contains("(page 1 of 2, times in UTC)"))
        #expect(first.contains("• `2027-01-15 08:00:00` *note* note 0 (<@U1>)"))
        #expect(first.contains("More: `/incident timeline 2`"))
        let second = TimelineText.page(entries, of: incident, page: 2, command: "/incident")
        #expect(second.contains("note 29"))
        #expect(!second.contains("More:"))
    }
}
