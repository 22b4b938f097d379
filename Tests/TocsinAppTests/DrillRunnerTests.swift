import Foundation
import Logging
import Testing
@testable import TocsinApp
import TocsinCore
import TocsinStore
import TocsinTestSupport

/// Issue #15: `tocsin drill` plays its script against the store: every step stored with its chat work, in order,
/// on a drill; it stops when the team ends the drill early.
@Suite struct DrillRunnerTests {
    static let configuration: TocsinConfiguration = {
        var configuration = Example.configuration
        configuration.drills = DrillSettings(channel: "incident-drills")
        return configuration
    }()

    let store: AppDatabase
    let runner: DrillRunner
    let script = DrillScript(severity: "SEV1", service: "checkout", title: "Practice: checkout error rate above 5 %", commander: "U01PAYLEAD")

    init() throws {
        store = try AppDatabase(path: FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-drill-\(UUID().uuidString).sqlite").path)
        runner = DrillRunner(store: store, configuration: Self.configuration, sleep: { _ in }, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    @Test func theWholeScriptIsStoredOnADrill() async throws {
        let events = EventLog()
        let outcome = try await runner.run(script, pace: 0) { events.append($0.step) }
        #expect(outcome == .completed(incident: 1))
        #expect(events.steps == DrillScript.Step.allCases)
        let incident = try #require(try await store.incident(number: 1))
        #expect(incident.isDrill && incident.state == .identified && incident.declaredBy == "Tocsin drill")
        let posts = try await store.outboxEntries(incident: 1).compactMap { entry -> Post? in
            switch entry.effect {
            case .post(let post), .updateRoot(let post): post
            default: nil
            }
        }
        #expect(posts.map(\.template) == [.welcome, .execRoot, .roleBriefing, .alerts, .drillPrompt, .statusUpdate, .execRoot, .statusExecThread, .drillPrompt])
        #expect(posts.allSatisfy { $0.view.isDrill })
        #expect(posts.compactMap(\.target.channelName).allSatisfy { $0 == "incident-drills" })
        let timeline = try await store.timeline(incident: 1).map(\.kind)
        #expect(timeline == [.declared, .evidence, .note, .status, .note])
        // Nothing delivers in this test: every entry is still pending.
        #expect(try await runner.delivery(of: 1) == DrillRunner.Delivery(done: 0, failed: 0, pending: 14))
    }

    @Test func theScriptStopsWhenTheTeamEndsTheDrill() async throws {
        // The team resolves the drill while the runner waits for its first scripted step.
        let store = self.store, script = self.script
        let planner = IncidentPlanner(configuration: Self.configuration)
        let resolving = DrillRunner(store: store, configuration: Self.configuration, sleep: { _ in
            let at = Date()
            _ = try await store.updateIncident(number: 1, at: at) { incident in
                incident.state.isActive ? planner.resolve(incident, summary: nil, by: "U01PAYLEAD", now: at) : .failure(.alreadyResolved(number: 1))
            }
        }, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let outcome = try await resolving.run(script, pace: 1) { _ in }
        #expect(outcome == .stopped(incident: 1, before: .alertEvidence, reason: .alreadyResolved(number: 1)))
        #expect(try await store.timeline(incident: 1).map(\.kind) == [.declared, .resolved])
        _ = script
    }
}

/// The steps a run reported, in order.
private final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [DrillScript.Step] = []

    func append(_ step: DrillScript.Step) { lock.withLock { recorded.append(step) } }
    var steps: [DrillScript.Step] { lock.withLock { recorded } }
}
