import TocsinCore
import TocsinSandbox

/// What a declared incident must lead to in the workspace: its channel with the responders as members and
/// the welcome posted, and one message in each informed ring's channel.
struct IncidentExpectation: Sendable {
    let number: Int
    let members: Set<String>
    let ringChannels: [String]

    /// For `/incident declare <severity> <service> …` typed by `declarer`, under the configuration and seed.
    init(number: Int, severity: Severity, service: String, declarer: String, configuration: TocsinConfiguration, seed: SandboxSeed) {
        let planner = IncidentPlanner(configuration: configuration)
        var members: Set<String> = [declarer]
        for responder in planner.engaged(severity: severity, service: service) {
            switch responder {
            case .user(let id): members.insert(id)
            case .group(let handle): members.formUnion(seed.userGroups.first { $0.handle == handle }?.userIDs ?? [])
            }
        }
        let tier = configuration.service(named: service)?.tier ?? configuration.leastCriticalTier
        self.number = number
        self.members = members
        self.ringChannels = planner.audience(severity: severity, tier: tier, service: service).map(\.name)
    }

    /// The incident channel, when it exists with every responder in it and the welcome posted.
    func readyIncidentChannel(in snapshot: WorkspaceSnapshot) -> SandboxChannel? {
        guard let channel = snapshot.incidentChannels(number).first,
            members.isSubset(of: Set(channel.members)),
            snapshot.messages(about: number, inChannel: channel.id) > 0
        else { return nil }
        return channel
    }

    /// The ring channels that hold this incident's message.
    func toldRings(in snapshot: WorkspaceSnapshot) -> [String] {
        ringChannels.filter { name in
            guard let channel = snapshot.channel(named: name) else { return false }
            return snapshot.messages(about: number, inChannel: channel.id) > 0
        }
    }

    func isReady(in snapshot: WorkspaceSnapshot) -> Bool {
        readyIncidentChannel(in: snapshot) != nil && toldRings(in: snapshot).count == ringChannels.count
    }
}
