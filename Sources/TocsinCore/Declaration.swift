import Foundation

/// The decision taken when someone declares an incident: the incident and everything that must follow.
public struct Declaration: Sendable, Equatable {
    public var incident: Incident
    public var effects: [Effect]
    public var rings: Set<Ring>
    /// True when this is a request seen before (Slack sent it twice): nothing new was decided.
    public var isRepeat: Bool = false
    /// Set when a monitor declared it (`declaredBy` names the monitor, not a person).
    public var declaredByMonitor: Bool = false

    public init(incident: Incident, effects: [Effect], rings: Set<Ring>, isRepeat: Bool = false, declaredByMonitor: Bool = false) {
        self.incident = incident
        self.effects = effects
        self.rings = rings
        self.isRepeat = isRepeat
        self.declaredByMonitor = declaredByMonitor
    }

    /// The timeline's first entry.
    public var timelineEntry: TimelineEntry {
        if incident.isOncallShift {
            return TimelineEntry(at: incident.declaredAt, kind: .declared, actor: incident.declaredBy, text: "On-call shift started by \(user: incident.declaredBy)", key: "declared")
        }
        let by = declaredByMonitor ? " by \(incident.declaredBy)" : ""
        return TimelineEntry(
            at: incident.declaredAt, kind: .declared, actor: declaredByMonitor ? nil : incident.declaredBy,
            text: "Declared \(incident.severity)\(incident.service.map { " on \($0)" } ?? "")\(by): \(incident.title)", key: "declared"
        )
    }
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
        let audience = self.audience(severity: request.severity, tier: tier, service: service?.name)
        let incident = Incident(
            number: number, title: request.title, severity: request.severity, service: service?.name, tier: tier,
            commander: userID, declaredBy: userID, declaredAt: now,
            nextUpdateDue: configuration.severity(named: request.severity).map { now.addingTimeInterval(Double($0.updateEvery.seconds)) },
            toldChannels: audience
        )
        let view = self.view(of: incident, now: now)
        let rings = configuration.rings.rings(severity: incident.severity, tier: tier)

        var effects: [Effect] = [
            .createIncidentChannel(name: ChannelName.forIncident(
                prefix: configuration.slack.channelPrefix, number: number, service: service?.name, title: request.title
            )),
        ]
        let (users, groups) = split([.user(userID)] + engaged(severity: request.severity, service: service?.name))
        effects.append(.inviteResponders(userIDs: users, groupHandles: groups))
        effects.append(.setIncidentTopic(topic(of: incident)))
        effects.append(.post(Post(target: .incidentChannel, view: view, ring: .responders, content: .welcome)))
        for channel in audience {
            let content: MessageContent = switch channel.ring {
            case .executives: .execRoot
            case .company: .companyDeclared
            default: .stakeholdersDeclared
            }
            effects.append(.post(Post(target: .named(channel.name), view: view, ring: channel.ring, content: content)))
        }
        if let service, service.pager != nil, configuration.pagingSeverities.contains(request.severity) {
            effects.append(.page(PageRequest(action: .trigger, service: service.name)))
        }
        effects.append(roleBriefing(.commander, of: incident, to: userID, by: userID, now: now))
        if let alarm = checkInAlarm(incident) { effects.append(alarm) }
        return Declaration(incident: incident, effects: effects, rings: rings)
    }

    /// The responders engaged (invited) at a severity: the service's own, and at the most severe
    /// level also those of the services that depend on it, since they are impacted too.
    public func engaged(severity: Severity, service serviceName: String?) -> [ResponderRef] {
        guard let service = serviceName.flatMap(configuration.service(named:)) else { return [] }
        var refs = service.responders
        if severity == configuration.severities.first?.name {
            refs += configuration.dependents(of: service.name).flatMap(\.responders)
        }
        var seen: Set<ResponderRef> = []
        return refs.filter { seen.insert($0).inserted }
    }

    /// User ids and group handles, each once, in order.
    func split(_ refs: [ResponderRef]) -> (users: [String], groups: [String]) {
        var users: [String] = []
        var groups: [String] = []
        for ref in refs {
            switch ref {
            case .user(let id) where !users.contains(id): users.append(id)
            case .group(let handle) where !groups.contains(handle): groups.append(handle)
            default: break
            }
        }
        return (users, groups)
    }

    /// The informed rings' channels an incident of this severity and tier reaches, each channel once, innermost ring first.
    public func audience(severity: Severity, tier: Int, service serviceName: String?) -> [RingChannel] {
        let rings = configuration.rings.rings(severity: severity, tier: tier)
        let service = serviceName.flatMap(configuration.service(named:))
        var channels: [RingChannel] = []
        func add(_ name: String?, _ ring: Ring) {
            guard let name, !name.isEmpty, !channels.contains(where: { $0.name == name }) else { return }
            channels.append(RingChannel(name: name, ring: ring))
        }
        if rings.contains(.stakeholders) {
            add(service?.stakeholdersChannel, .stakeholders)
            for dependent in service.map({ configuration.dependents(of: $0.name) }) ?? [] {
                add(dependent.stakeholdersChannel, .stakeholders)
            }
        }
        if rings.contains(.company) { add(configuration.slack.announceChannel, .company) }
        if rings.contains(.executives) { add(configuration.slack.execChannel, .executives) }
        return channels
    }

    /// The incident channel's topic: severity, state and title, within Slack's 250 characters.
    ///
    /// Plain text only: Slack shows a topic as typed, without formatting or linking mentions
    /// (the welcome message names the commander).
    public func topic(of incident: Incident) -> String {
        let text = "\(incident.severity) · \(incident.state.rawValue) · \(incident.title)"
        return text.count <= 250 ? text : String(text.prefix(249)) + "…"
    }

    /// The facts templates show about an incident, as of `now`.
    public func view(of incident: Incident, now: Date) -> IncidentView {
        let level = configuration.severity(named: incident.severity)
        let impacted = incident.service.map { configuration.dependents(of: $0).map(\.name) } ?? []
        let end = incident.resolvedAt ?? now
        return IncidentView(
            number: incident.number, title: incident.title, severity: incident.severity,
            severitySummary: level?.summary ?? "", service: incident.service, tier: incident.tier,
            state: incident.state.rawValue, commander: incident.commander, declaredBy: incident.declaredBy,
            updateEvery: level?.updateEvery.spelledOut ?? "", checkInWithin: level?.checkInWithin.spelledOut ?? "",
            impactedServices: impacted, commsLead: incident.commsLead, latestStatus: incident.latestStatus,
            age: Self.spell(seconds: Self.wholeSeconds(from: incident.declaredAt, to: end)),
            isResolved: incident.state == .resolved
        )
    }
}
