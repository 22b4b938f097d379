import Foundation
import Logging
import Testing
import TocsinApp
import TocsinCore
import TocsinStore
import TocsinTestSupport

/// The intake's turn-taking: alerts arriving together on one service declare one incident, the rest attach to it.
@Suite struct AlertIntakeTests {
    static let configuration: TocsinConfiguration = {
        var configuration = Example.configuration
        configuration.alerts = AlertSettings(severities: ["critical": "SEV1"])
        return configuration
    }()

    @Test func alertsArrivingTogetherOnOneServiceDeclareOneIncident() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-intake-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let store = try AppDatabase(path: path)
        let intake = AlertIntake(configuration: Self.configuration, store: store, delivery: DeliveryWakeUp(), logger: Logger(label: "test"))
        let kinds = await withTaskGroup(of: [AlertChange.Kind].self) { group in
            for index in 0..<20 {
                group.addTask {
                    let alert = AlertNotice(
                        key: "am:fp\(index):firing:t", name: "Alert\(index)", status: .firing, service: "checkout", severityValue: "critical"
                    )
                    guard case .handled(let changes) = await intake.receive([alert], from: .alertmanager) else { return [] }
                    return changes.map(\.kind)
                }
            }
            var all: [AlertChange.Kind] = []
            for await kinds in group { all += kinds }
            return all
        }
        #expect(try await store.incidentNumbers() == [1])
        #expect(kinds.count == 20)
        #expect(kinds.count { $0 == .declared } == 1)
        #expect(kinds.count { $0 == .updated(attached: 1, resolved: 0) } == 19)
        #expect(try await store.timeline(incident: 1).count { $0.kind == .evidence } == 20)
    }
}
