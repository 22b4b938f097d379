import Foundation

/// The decision taken when someone declares an incident: the incident and everything that must follow.
public struct Declaration: Sendable, Equatable {
    public var incident: Incident
    public var effects: [Effect]
    public var rings: Set<Ring>
}

/// Decides what declaring an incident means under a configuration. Pure: no I/O, no clock.
public struct IncidentPlanner: Sendable {
    public let configuration: TocsinConfiguration

    public init(configuration: TocsinConfiguration) {
        self.configuration = configuration
    }

    /// The incident `number` declared by `userID` at `now`, and the effects to carry out, in order.
    public func declare(_ request: IncidentDeclaration, number: Int, userID: String, now: Date) -> Declaration {
        let service = request.service.flatMap(configuration.service(named:))
        let tier = service?.tier ?? configuration.leastCriticalTier
        let incident = Incident(
            number: number, title: request.title, severity: request.severity, service: service?.name, tier: tier,
            commander: userID, declaredBy: userID, declaredAt: now
        )
        let view = self.view(of: incident)
        let rings = configuration.rings.rings(severity: incident.severity, tier: tier)

        var effects: [Effect] = [
            .createIncidentChannel(name: ChannelName.forIncident(
                prefix: configuration.slack.channelPrefix, number: number, service: service?.name, title: request.title
            )),
        ]
        let (users, groups) = responders(declaredBy: userID, service: service)
        effects.append(.inviteResponders(userIDs: users, groupHandles: groups))
        effects.append(.setIncidentTopic(topic(of: incident)))
        effects.append(.post(Post(target: .incidentChannel, template: .welcome, view: view, ring: .responders)))
        for (target, template, ring) in ringPosts(rings: rings, service: service) {
            effects.append(.post(Post(target: target, template: template, view: view, ring: ring)))
        }
        return Declaration(incident: incident, effects: effects, rings: rings)
    }

    /// The declarer first, then the service's responders, without repeats.
    func responders(declaredBy userID: String, service: ServiceEntry?) -> (users: [String], groups: [String]) {
        var users = [userID]
        var groups: [String] = []
        for responder in service?.responders ?? [] {
            switch responder {
            case .user(let id) where !users.contains(id): users.append(id)
            case .group(let handle) where !groups.contains(handle): groups.append(handle)
            default: break
            }
        }
        return (users, groups)
    }

    /// The informed rings' channels, each once, in ring order.
    func ringPosts(rings: Set<Ring>, service: ServiceEntry?) -> [(ChannelTarget, MessageTemplate, Ring)] {
        var posts: [(ChannelTarget, MessageTemplate, Ring)] = []
        var seen: Set<String> = []
        func add(_ channel: String?, _ template: MessageTemplate, _ ring: Ring) {
            guard let channel, !channel.isEmpty, seen.insert(channel).inserted else { return }
            posts.append((.named(channel), template, ring))
        }
        if rings.contains(.stakeholders) {
            add(service?.stakeholdersChannel, .stakeholdersDeclared, .stakeholders)
            for dependent in service.map({ configuration.dependents(of: $0.name) }) ?? [] {
                add(dependent.stakeholdersChannel, .stakeholdersDeclared, .stakeholders)
            }
        }
        if rings.contains(.company) { add(configuration.slack.announceChannel, .companyDeclared, .company) }
        if rings.contains(.executives) { add(configuration.slack.execChannel, .execRoot, .executives) }
        return posts
    }

    /// The incident channel's topic: severity, state, title and commander, within Slack's 250 characters.
    public func topic(of incident: Incident) -> String {
        let text = "\(incident.severity) · \(incident.state.rawValue) · \(incident.title) · commander <@\(incident.commander)>"
        return text.count <= 250 ? text : String(text.prefix(249)) + "…"
    }

    /// The facts templates show about an incident.
    public func view(of incident: Incident) -> IncidentView {
        let level = configuration.severity(named: incident.severity)
        let impacted = incident.service.map { configuration.dependents(of: $0).map(\.name) } ?? []
        return IncidentView(
            number: incident.number, title: incident.title, severity: incident.severity,
            severitySummary: level?.summary ?? "", service: incident.service, tier: incident.tier,
            state: incident.state.rawValue, commander: incident.commander, declaredBy: incident.declaredBy,
            updateEvery: level?.updateEvery.spelledOut ?? "", checkInWithin: level?.checkInWithin.spelledOut ?? "",
            impactedServices: impacted
        )
    }
}
