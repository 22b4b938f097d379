import Foundation
import Testing
import TocsinApp
import TocsinCore

/// The contract's check on the read behind related-incident detection: only the newest few candidates, not every active incident.
extension ContractChecks {
    /// Incidents on two related services, one unrelated, one without a channel yet, a drill, a resolved one
    /// and an on-call shift: only the open, active, real ones on the services asked for come back, newest
    /// first, a name stored with capitals matching its lowercased form, and no more than the limit.
    func theLatestActiveIncidentsOnServicesAreReadNewestFirst() async throws {
        let catalog = TocsinConfiguration(
            slack: SlackSettings(), severities: Self.configuration.severities,
            services: [ServiceEntry(name: "checkout", tier: 1, dependsOn: ["Payments-API"]), ServiceEntry(name: "Payments-API", tier: 1),
                       ServiceEntry(name: "search", tier: 2)],
            rings: RingPolicy(stakeholders: [:], company: [:], executives: [:])
        )
        let planner = IncidentPlanner(configuration: catalog), at = now
        func open(_ service: String, drill: Bool = false, channel: Bool = true) async throws -> Int {
            let number = try await store.declareIncident(requestID: nil) { number in
                planner.declare(IncidentDeclaration(severity: "SEV1", service: service, title: "On \(service)", isDrill: drill), number: number, userID: "U9", now: at)
            }.incident.number
            if channel { try await store.setChannel(ChannelInfo(id: "C\(number)", name: "inc-\(number)"), forIncident: number) }
            return number
        }
        let first = try await open("checkout")
        _ = try await open("search")
        _ = try await open("checkout", channel: false)
        let drill = try await open("checkout", drill: true)
        let resolved = try await open("checkout")
        let _: Result<Decision, LifecycleError>? = try await store.updateIncident(number: resolved, at: now) { planner.resolve($0, summary: nil, by: "U9", now: at) }
        let payments = try await open("Payments-API")
        _ = try await store.declareIncident(requestID: nil) { number in planner.startShift(number: number, owner: "U7", now: at) }
        let newest = try await open("checkout")

        let related: Set<String> = ["checkout", "payments-api"]
        #expect(try await store.latestActiveIncidents(onServices: related, isDrill: false, excluding: newest, limit: 10).map(\.number) == [payments, first])
        #expect(try await store.latestActiveIncidents(onServices: related, isDrill: false, excluding: 0, limit: 2).map(\.number) == [newest, payments])
        #expect(try await store.latestActiveIncidents(onServices: related, isDrill: true, excluding: newest, limit: 10).map(\.number) == [drill])
        #expect(try await store.latestActiveIncidents(onServices: ["search"], isDrill: false, excluding: newest, limit: 10).map(\.service) == ["search"])
        #expect(try await store.latestActiveIncidents(onServices: [], isDrill: false, excluding: newest, limit: 10).isEmpty)
        #expect(try await store.latestActiveIncidents(onServices: related, isDrill: false, excluding: newest, limit: 0).isEmpty)
    }
}
