/// Posts are stored in the outbox as JSON: `target`, `view`, `ring` and the typed `content`.
///
/// Rows written before messages had typed content hold the template's name with its facts as a bag of
/// strings (`details`, with booleans as `"yes"`/`""`) and of rich texts (`texts`); they are read into
/// the same typed content, so an outbox written by an earlier version delivers unchanged.
extension Post: Codable {
    private enum CodingKeys: String, CodingKey {
        case target, view, ring, content
        case template, checkIn, details, texts, refusedInvites
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let content: MessageContent
        if container.contains(.content) {
            content = try container.decode(MessageContent.self, forKey: .content)
        } else {
            content = try LegacyPost(
                template: try container.decode(MessageTemplate.self, forKey: .template),
                details: try container.decodeIfPresent([String: String].self, forKey: .details) ?? [:],
                texts: try container.decodeIfPresent([String: RichText].self, forKey: .texts) ?? [:],
                checkIn: try container.decodeIfPresent(CheckInView.self, forKey: .checkIn),
                refusedInvites: try container.decodeIfPresent([RefusedInvite].self, forKey: .refusedInvites),
                codingPath: container.codingPath
            ).content()
        }
        self.init(
            target: try container.decode(ChannelTarget.self, forKey: .target),
            view: try container.decode(IncidentView.self, forKey: .view),
            ring: try container.decodeIfPresent(Ring.self, forKey: .ring),
            content: content
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(target, forKey: .target)
        try container.encode(view, forKey: .view)
        try container.encodeIfPresent(ring, forKey: .ring)
        try container.encode(content, forKey: .content)
    }
}

/// A post as stored before messages had typed content, read into a ``MessageContent``.
private struct LegacyPost {
    let template: MessageTemplate
    let details: [String: String]
    let texts: [String: RichText]
    let checkIn: CheckInView?
    let refusedInvites: [RefusedInvite]?
    let codingPath: [any CodingKey]

    func content() throws -> MessageContent {
        switch template {
        case .welcome: return .welcome
        case .stakeholdersDeclared: return .stakeholdersDeclared
        case .companyDeclared: return .companyDeclared
        case .execRoot: return .execRoot
        case .ringCatchUp: return .ringCatchUp
        case .checkedIn:
            guard let checkIn else { throw missing("checkIn") }
            return .checkedIn(checkIn)
        case .severityChanged:
            return .severityChanged(try severityChange(), actor: try detail("actor"), addedRings: channels("addedRings"), removedRings: channels("removedRings"))
        case .severityRing: return .severityRing(try severityChange())
        case .ringStandDown: return .ringStandDown(previousSeverity: try severity("previousSeverity"))
        case .statusUpdate: return .statusUpdate(try status())
        case .statusRing: return .statusRing(try status())
        case .statusExecThread: return .statusExecThread(try status())
        case .reminder: return .reminder(try overdue())
        case .reminderEscalated: return .reminderEscalated(try overdue())
        case .execOverdue: return .execOverdue(try overdue())
        case .execQuestion:
            return .execQuestion(RelayedQuestion(
                asker: try detail("asker"), askedIn: try detail("askedIn"), addressee: try detail("addressee"), question: try text("question")
            ))
        case .roleChanged: return .roleChanged(RoleChange(user: try detail("user"), role: try detail("role"), actor: try detail("actor")))
        case .resolved: return .resolved(try closing())
        case .resolvedRing: return .resolvedRing(try closing())
        case .resolvedExecThread: return .resolvedExecThread(try closing())
        case .cancelled: return .cancelled(try cancellation())
        case .cancelledRing: return .cancelledRing(try cancellation())
        case .cancelledExecThread: return .cancelledExecThread(try cancellation())
        case .reopened: return .reopened(Reopening(actor: try detail("actor"), reason: texts["reason"]))
        case .reopenedRing: return .reopenedRing(Reopening(actor: try detail("actor"), reason: texts["reason"]))
        case .reopenedExecThread: return .reopenedExecThread(Reopening(actor: try detail("actor"), reason: texts["reason"]))
        case .actionAdded:
            return .actionAdded(ActionItemAdded(
                id: try number("actionID"), owner: try detail("owner"), text: try detail("text"),
                due: details["due"].flatMap { $0.isEmpty ? nil : $0 }, actor: try detail("actor")
            ))
        case .actionDone: return .actionDone(ActionItemDone(id: try number("actionID"), text: try detail("text"), actor: try detail("actor")))
        case .invitesRefused: return .invitesRefused(refusedInvites ?? [])
        case .ringChannelUnusable:
            let problem: UnusableRingChannel.Problem = flag("hidden") ? .hidden : .archived
            return .ringChannelUnusable(UnusableRingChannel(channel: try detail("channel"), setting: try detail("setting"), problem: problem))
        case .budgetBurn, .budgetPolicy, .budgetDigest, .checkInFollowUp, .checkInFollowUpExecThread, .channelArchiving:
            // Added after posts had typed content: never stored in the legacy form.
            throw corrupt("a \(template.rawValue) message was never stored without typed content")
        case .alerts:
            // Alert messages came after typed content: no row of the older form holds one.
            throw corrupt("a stored alerts message has no typed content")
        case .roleBriefing, .roleExecThread, .shiftStarted, .handoff:
            // Added after posts had typed content: never stored in the legacy form.
            throw corrupt("a \(template.rawValue) message was never stored without typed content")
        }
    }

    private func severityChange() throws -> SeverityChange {
        SeverityChange(previousSeverity: try severity("previousSeverity"), raised: flag("raised"))
    }

    private func status() throws -> StatusNews {
        let name = try detail("state")
        guard let state = IncidentState(rawValue: name) else { throw corrupt("the state \(name) is not one Tocsin knows") }
        return StatusNews(actor: try detail("actor"), state: state, text: try text("text"))
    }

    private func overdue() throws -> OverdueUpdate {
        OverdueUpdate(silence: try detail("silence"), missed: try number("missed"))
    }

    private func closing() throws -> Closing {
        Closing(actor: try detail("actor"), duration: try detail("duration"), summary: texts["summary"] ?? details["summary"].map { RichText($0) })
    }

    private func cancellation() throws -> Cancellation {
        Cancellation(actor: try detail("actor"), reason: try text("reason"))
    }

    private func detail(_ name: String) throws -> String {
        guard let value = details[name] else { throw missing(name) }
        return value
    }

    private func severity(_ name: String) throws -> Severity {
        let value = try detail(name)
        guard let severity = Severity(rawValue: value) else { throw corrupt("\(name) is \(value), not a severity name") }
        return severity
    }

    private func number(_ name: String) throws -> Int {
        let value = try detail(name)
        guard let number = Int(value) else { throw corrupt("\(name) is \(value), not a number") }
        return number
    }

    /// A boolean as the bag wrote it: any non-empty value is true.
    private func flag(_ name: String) -> Bool {
        !(details[name] ?? "").isEmpty
    }

    /// What people wrote, from `texts` (or, in the oldest rows, a plain detail).
    private func text(_ name: String) throws -> RichText {
        if let text = texts[name] { return text }
        return RichText(try detail(name))
    }

    /// A list written `#a, #b`, as channel names.
    private func channels(_ name: String) -> [String] {
        (details[name] ?? "").split(separator: ",").map { String($0.drop { $0 == " " || $0 == "#" }) }.filter { !$0.isEmpty }
    }

    private func missing(_ name: String) -> DecodingError {
        corrupt("a stored \(template.rawValue) message has no \(name)")
    }

    private func corrupt(_ reason: String) -> DecodingError {
        .dataCorrupted(DecodingError.Context(codingPath: codingPath, debugDescription: reason))
    }
}
