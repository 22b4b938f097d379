import Foundation
import Logging
import Metrics
import TocsinCore

/// Answers slash commands and button clicks: decides with the core, stores durably, and leaves the
/// chat API work to the delivery service. Every answer is immediate; nothing here calls the chat API.
public struct IncidentService: Sendable {
    let configuration: TocsinConfiguration
    let catalog: CommandCatalog
    let store: any IncidentStore
    let delivery: DeliveryWakeUp
    let now: @Sendable () -> Date
    let logger: Logger
    let renderer: any MessageRenderer
    let chat: any ChatAPI
    /// Where answers to clicks and mentions go once the request is acknowledged.
    let replies: DeferredReplies
    /// `/incident help` is the most frequent command; its text is built once.
    private let helpText: RichText
    private let commands = Counter(label: "tocsin_commands_total")
    private let rejected = Counter(label: "tocsin_commands_rejected_total")
    /// Commands and clicks refused by the permissions.
    let refused = Counter(label: "tocsin_permission_refusals_total")
    /// User-group members, for deciding who may change an incident without asking the workspace each time.
    let groups = GroupMembersCache()

    public init(
        configuration: TocsinConfiguration, catalog: CommandCatalog, store: any IncidentStore, renderer: any MessageRenderer,
        chat: any ChatAPI, replies: DeferredReplies, delivery: DeliveryWakeUp, now: @escaping @Sendable () -> Date = Date.init,
        logger: Logger
    ) {
        self.chat = chat
        self.replies = replies
        self.renderer = renderer
        self.configuration = configuration
        self.catalog = catalog
        self.helpText = catalog.helpText
        self.store = store
        self.delivery = delivery
        self.now = now
        self.logger = logger
    }

    /// The answer to `/incident help`, the same every time (an adapter may encode it once).
    public var helpReply: CommandReply { .ephemeral(helpText) }

    public func handle(_ request: SlashCommandRequest) async -> CommandReply {
        commands.increment()
        var logger = self.logger
        logger[metadataKey: "team_id"] = "\(request.teamID)"
        logger[metadataKey: "user_id"] = "\(request.userID)"
        let parser = CommandParser(catalog: catalog, configuration: configuration)
        switch parser.parse(request.text) {
        case .failure(let error):
            rejected.increment()
            logger.info("command rejected", metadata: ["command": "\(request.command)", "reason": "\(error.code)"])
            return .ephemeral(RichText(error.message(command: catalog.command)))
        case .success(let command):
            do {
                return try await execute(command, request: request, logger: logger)
            } catch {
                logger.error("command failed", metadata: ["error": "\(error)"])
                return .ephemeral("I could not record that just now because my database is unavailable; nothing was changed, so please try again in a minute.")
            }
        }
    }

    private func execute(_ command: IncidentCommand, request: SlashCommandRequest, logger: Logger) async throws(StoreError) -> CommandReply {
        switch command {
        case .help:
            return helpReply
        case .list:
            return .ephemeral(listText(try await store.activeIncidents()))
        case .declare(let declaration):
            let planner = IncidentPlanner(configuration: configuration)
            let declaredAt = now()
            // Slack gives every invocation its own trigger_id: a retried request declares nothing new.
            let decided = try await store.declareIncident(requestID: request.requestID) { number in
                planner.declare(declaration, number: number, userID: request.userID, now: declaredAt)
            }
            if decided.isRepeat {
                return .ephemeral("I already declared incident #\(decided.incident.number) for this request (Slack sent it twice); nothing was declared again.")
            }
            let incident = decided.incident
            IncidentMetrics.declared(severity: incident.severity)
            delivery.wake()
            var logger = logger
            logger[metadataKey: "incident_id"] = "\(incident.number)"
            logger.notice("incident declared", metadata: ["severity": "\(incident.severity)", "service": "\(incident.service ?? "-")"])
            return .ephemeral(declaredText(decided))
        case .checkIn:
            guard let incident = try await store.incident(channelID: request.channelID) else { return notInIncidentChannel("checkin") }
            return try await checkIn(incident: incident.number, userID: request.userID, requestID: request.requestID, logger: logger)
        case .rings:
            guard let incident = try await store.incident(channelID: request.channelID) else { return notInIncidentChannel("rings") }
            let preview = reports.ringsPreview(of: incident)
            let told = incident.toldChannels.map { "#\($0.name)" }.joined(separator: ", ")
            return .ephemeral("\(strong: "Rings for #\(incident.number)")\n\(preview.describe())\nTold so far: \(told.isEmpty ? "nobody beyond the responders" : told).")
        case .severity(let severity):
            return try await change(request, subcommand: "severity", guardedBy: .changeSeverity, logger: logger) { planner, incident, now in
                planner.changeSeverity(incident, to: severity, by: request.userID, now: now)
            } reply: { decision in
                "#\(decision.incident.number) is now \(decision.incident.severity); the channel and the rings are being told."
            }
        case .status(let state, let text):
            return try await change(request, subcommand: "status", guardedBy: .postStatus, logger: logger) { planner, incident, now in
                planner.postStatus(incident, state: state, text: text, by: request.userID, now: now)
            } reply: { decision in
                "Status update posted for #\(decision.incident.number) (\(state.rawValue)); every informed ring gets it."
            }
        case .role(let role, let userID):
            return try await change(request, subcommand: "role", guardedBy: .changeRole, logger: logger) { planner, incident, now in
                planner.assignRole(incident, role: role, to: userID, by: request.userID, now: now)
            } reply: { decision in
                "\(user: userID) is now the \(role.title) for #\(decision.incident.number)."
            }
        case .page(let target):
            return try await change(request, subcommand: "page", logger: logger) { planner, incident, now in
                .success(planner.page(target, by: request.userID, in: incident, now: now))
            } reply: { decision in
                switch target {
                case .service(let name): "Inviting the responders of \(name) into #\(decision.incident.number)'s channel."
                case .user(let user): "Inviting \(user: user) into #\(decision.incident.number)'s channel."
                }
            }
        case .note(let text):
            return try await change(request, subcommand: "note", logger: logger) { planner, incident, now in
                .success(planner.note(text, by: request.userID, in: incident, now: now))
            } reply: { decision in
                "Noted in the timeline of #\(decision.incident.number)."
            }
        case .timeline(let page):
            guard let incident = try await store.incident(channelID: request.channelID) else { return notInIncidentChannel("timeline") }
            let entries = try await store.timeline(incident: incident.number)
            return .ephemeral(TimelineText.page(entries, of: incident, page: page, command: catalog.command))
        case .action(let action):
            return try await addAction(action, request: request)
        case .actions, .followups, .postmortem:
            return try await followUp(command, request: request)
        case .resolve(let summary):
            return try await change(request, subcommand: "resolve", guardedBy: .resolve, logger: logger) { planner, incident, now in
                planner.resolve(incident, summary: summary, by: request.userID, now: now)
            } reply: { decision in
                "#\(decision.incident.number) is resolved after \(IncidentPlanner(configuration: configuration).view(of: decision.incident, now: decision.incident.resolvedAt ?? Date()).age); every ring that was told gets the closing note."
            }
        }
    }

    /// The answer to a command Slack sent again (or that was replayed): it was carried out the first time.
    func alreadyDone(incident number: Int) -> CommandReply {
        .ephemeral("I already did that for this request on incident #\(number) (Slack sent it twice); nothing was done again.")
    }

    /// The answer to a subcommand that only works inside an incident channel, typed elsewhere.
    func notInIncidentChannel(_ subcommand: String) -> CommandReply {
        .ephemeral(RichText(CommandError.notInIncidentChannel(subcommand: subcommand).message(command: catalog.command)))
    }

    /// Applies a decision to the incident of the channel the command was typed in, durably, and wakes delivery.
    private func change(
        _ request: SlashCommandRequest, subcommand: String, guardedBy action: IncidentAction? = nil, logger: Logger,
        _ decide: @escaping @Sendable (IncidentPlanner, Incident, Date) -> Result<Decision, LifecycleError>,
        reply: (Decision) -> RichText
    ) async throws(StoreError) -> CommandReply {
        guard let incident = try await store.incident(channelID: request.channelID) else { return notInIncidentChannel(subcommand) }
        var context = PermissionContext()
        if let action {
            switch try await permission(action, user: request.userID, in: incident) {
            case .allowed(let found): context = found
            case .refused(let refusal): return refuse(refusal, user: request.userID, incident: incident.number)
            }
        }
        let permissions = Permissions(configuration: configuration)
        let planner = IncidentPlanner(configuration: configuration)
        let at = now()
        let decidedIn = context
        let outcome: Result<Decision, ChangeFailure>?
        switch try await store.updateIncident(number: incident.number, at: at, requestID: request.requestID, { current -> Result<Decision, ChangeFailure> in
            // Decided again on the incident as stored: its roles may have changed since it was read.
            if let action, case .refused(let refusal) = permissions.may(action, user: request.userID, in: current, context: decidedIn) {
                return .failure(.refused(refusal))
            }
            return decide(planner, current, at).mapError(ChangeFailure.lifecycle)
        }) {
        case .done(let done): outcome = done
        case .repeated(let earlier): return alreadyDone(incident: earlier ?? incident.number)
        }
        switch outcome {
        case .success(let decision)?:
            delivery.wake()
            logger.notice("incident changed", metadata: ["incident_id": "\(incident.number)", "command": "\(subcommand)"])
            return .ephemeral(reply(decision))
        case .failure(.refused(let refusal))?:
            return refuse(refusal, user: request.userID, incident: incident.number)
        case .failure(.lifecycle(let error))?:
            return .ephemeral(RichText(error.message(command: catalog.command)))
        case nil:
            return notInIncidentChannel(subcommand)
        }
    }

    /// Why a change was not made: the lifecycle forbids it, or the person may not make it.
    enum ChangeFailure: Error, Sendable {
        case lifecycle(LifecycleError)
        case refused(PermissionRefusal)
    }

    /// A button click, acted on now and answered once the click is acknowledged: the answer goes to the
    /// click's reply address, where only the clicker sees it (the acknowledgement's body is never shown).
    public func answer(_ click: ButtonClick) async {
        guard let reply = await handle(click) else { return }
        guard let address = click.responseURL else {
            logger.info("a click came without a reply address; its answer is not shown", metadata: ["action_id": "\(click.actionID)"])
            return
        }
        replies.reply(reply.text, to: address)
    }

    /// A button click; returns the reply to show the clicker, or nil for buttons Tocsin does not own.
    public func handle(_ click: ButtonClick) async -> CommandReply? {
        if click.actionID == MessageButton.actionDoneActionID {
            return await completeAction(click)
        }
        if click.actionID == Self.surveyActionID {
            return await openSurvey(click)
        }
        guard click.actionID == MessageButton.checkInActionID else {
            logger.info("ignored a click on an unknown button", metadata: ["action_id": "\(click.actionID)"])
            return nil
        }
        guard let number = Int(click.value) else {
            return .ephemeral("That button does not name an incident; type `\(catalog.command) checkin` in the incident channel instead.")
        }
        do {
            if let refusal = try await buttonRefusal(click, names: number, label: "Check in") { return refusal }
            return try await checkIn(incident: number, userID: click.userID, logger: logger)
        } catch {
            logger.error("check-in failed", metadata: ["error": "\(error)"])
            return .ephemeral("I could not record your check-in because my database is unavailable; please press the button again in a minute.")
        }
    }

    private func checkIn(incident number: Int, userID: String, requestID: String? = nil, logger: Logger) async throws(StoreError) -> CommandReply {
        guard let incident = try await store.incident(number: number) else {
            return .ephemeral("There is no incident #\(number); `\(catalog.command) list` shows the active ones.")
        }
        if case .refused(let refusal) = Permissions(configuration: configuration).may(.checkIn, user: userID, in: incident, context: PermissionContext()) {
            return refuse(refusal, user: userID, incident: number)
        }
        let planner = IncidentPlanner(configuration: configuration)
        let outcome: CheckInOutcome
        switch try await store.recordCheckIn(incident: number, userID: userID, at: now(), requestID: requestID, { incident, isFirst in
            planner.checkIn(incident, userID: userID, isFirst: isFirst, now: self.now())
        }) {
        case .done(let done): outcome = done
        case .repeated(let earlier): return alreadyDone(incident: earlier ?? number)
        }
        switch outcome {
        case .recorded:
            delivery.wake()
            if (try? await store.checkIns(incident: number).count) == 1 { IncidentMetrics.recordTimeToAction(incident, now: now()) }
            logger.info("checked in", metadata: ["incident_id": "\(number)", "user_id": "\(userID)"])
            return .ephemeral("You're checked in on incident #\(number); thank you. The time to action is recorded.")
        case .alreadyCheckedIn(let at):
            return .ephemeral("You already checked in on incident #\(number) at \(UTCTime.minutes(at)) UTC.")
        case .noSuchIncident:
            return .ephemeral("There is no incident #\(number); `\(catalog.command) list` shows the active ones.")
        }
    }

    private func declaredText(_ declaration: Declaration) -> RichText {
        let incident = declaration.incident
        let service = incident.service.map { " on \($0) (tier \(incident.tier))" } ?? ""
        let informed = declaration.rings.subtracting([.responders]).sorted().map(\.rawValue)
        let rings = informed.isEmpty ? "No other ring is informed at this severity." : "Informing: \(informed.joined(separator: ", "))."
        return "Declared incident #\(incident.number), \(incident.severity)\(service): \(incident.title). "
            + "I'm opening its channel and inviting the responders now; you are the commander. \(rings)"
    }

    private func listText(_ incidents: [Incident]) -> RichText {
        guard !incidents.isEmpty else { return "No active incidents. Declare one with `\(catalog.command) declare [SEVn] [service] <title>`." }
        var text: RichText = "\(strong: "Active incidents (\(incidents.count))")"
        for incident in incidents {
            let channel: RichText = incident.channel.map { "\(channel: $0.id)" } ?? "(channel being created)"
            text.append("\n• #\(incident.number) \(strong: incident.severity) \(incident.title)\(incident.service.map { " · \($0)" } ?? "") · \(incident.state.rawValue) · \(channel)")
        }
        return text
    }
}
