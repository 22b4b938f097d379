import Foundation

/// How a message came to be captured: a reaction with the capture emoji, or a pin.
public enum CaptureSource: String, Sendable, Codable {
    case reaction, pin
}

extension IncidentPlanner {
    /// What a message posted (or edited) in the incident channel adds to the timeline: links to
    /// observability tools as evidence, and shared files as references; acknowledged with a reaction.
    /// An edit adds only what is new: entries are keyed by message and link.
    public func capture(_ message: ChannelMessage, in incident: Incident) -> Decision? {
        let settings = configuration.capture
        var entries: [TimelineEntry] = []
        // An integration is named in the text, not as a person.
        let actor = message.botName == nil ? message.user : nil
        let postedBy = message.botName.map { " (posted by \($0))" } ?? ""
        for url in message.text.links {
            guard let host = LinkClassifier.evidenceHost(of: url, hosts: settings.evidenceHosts) else { continue }
            entries.append(TimelineEntry(at: message.postedAt, kind: .evidence, actor: actor, text: "\(host): \(url)\(postedBy)", key: "evidence:\(message.ts):\(url)"))
        }
        for file in message.files {
            entries.append(TimelineEntry(at: message.postedAt, kind: .file, actor: actor, text: "File shared: \(file)\(postedBy)", key: "file:\(message.ts):\(file)"))
        }
        guard !entries.isEmpty else { return nil }
        return Decision(incident: incident, effects: [.addReaction(ts: message.ts, name: settings.acknowledgement)], timeline: entries)
    }

    /// A message reacted to with the capture emoji, or pinned: added to the timeline with its
    /// original author and time. `message` is nil when Tocsin never saw the message itself.
    public func captureMarked(_ ts: String, message: ChannelMessage?, by userID: String, source: CaptureSource, in incident: Incident) -> Decision {
        let postedAt = message?.postedAt ?? ChannelMessage(ts: ts, user: userID, text: "").postedAt
        let text: RichText = message.map { "\(user: $0.user): \($0.text)" } ?? "A message (\(ts)) marked by \(user: userID)"
        return Decision(
            incident: incident,
            effects: [.addReaction(ts: ts, name: configuration.capture.acknowledgement)],
            timeline: [TimelineEntry(at: postedAt, kind: .captured, actor: message?.user ?? userID, text: text, key: "\(source.rawValue):\(ts)")]
        )
    }

    /// The capture emoji was removed or the message un-pinned: the entry it made goes.
    public func releaseMarked(_ ts: String, source: CaptureSource, in incident: Incident) -> Decision {
        Decision(incident: incident, effects: [], removedFromTimeline: ["\(source.rawValue):\(ts)"])
    }

    /// `/incident page`: invite a service's responders (user groups expanded at delivery) or one person.
    public func page(_ target: PageTarget, by userID: String, in incident: Incident, now: Date) -> Decision {
        let (users, groups, text): ([String], [String], RichText)
        switch target {
        case .service(let name):
            let (serviceUsers, serviceGroups) = split(configuration.service(named: name)?.responders ?? [])
            (users, groups, text) = (serviceUsers, serviceGroups, "Paged the responders of \(name)")
        case .user(let user):
            (users, groups, text) = ([user], [], "Paged \(user: user)")
        }
        var effects: [Effect] = [.inviteResponders(userIDs: users, groupHandles: groups)]
        // A drill invites as a real incident would, but never pages anyone.
        if !incident.isDrill, case .service(let name) = target, let service = configuration.service(named: name), service.pager != nil {
            effects.append(.page(PageRequest(action: .trigger, service: service.name)))
        }
        return Decision(incident: incident, effects: effects, timeline: [
            TimelineEntry(at: now, kind: .page, actor: userID, text: text, key: TimelineEntry.key(.page, at: now, actor: userID)),
        ])
    }

    /// `/incident note <text>`.
    public func note(_ text: RichText, by userID: String, in incident: Incident, now: Date) -> Decision {
        Decision(incident: incident, effects: [], timeline: [
            TimelineEntry(at: now, kind: .note, actor: userID, text: text, key: TimelineEntry.key(.note, at: now, actor: userID)),
        ])
    }
}
