import Foundation
import Logging
import TocsinCore

/// The subcommands that change an incident through its lifecycle: severity, status, role, page, note and
/// resolve. Each is checked against the permissions, decided by the planner on the incident as stored,
/// and stored with its chat work in one transaction.
struct ChangeHandler: Sendable {
    let context: HandlerContext
    let permissions: PermissionGate

    func severity(_ severity: Severity, of incident: Incident, request: SlashCommandRequest) async throws(StoreError) -> ReplyIntent {
        let user = request.userID
        return try await apply(request, to: incident, subcommand: "severity", guardedBy: .changeSeverity) { planner, current, now in
            planner.changeSeverity(current, to: severity, by: user, now: now)
        } reply: { decision, _ in
            .severityChanged(incident: decision.incident.number, severity: decision.incident.severity)
        }
    }

    func status(_ state: IncidentState, text: RichText, of incident: Incident, request: SlashCommandRequest) async throws(StoreError) -> ReplyIntent {
        let user = request.userID
        return try await apply(request, to: incident, subcommand: "status", guardedBy: .postStatus) { planner, current, now in
            planner.postStatus(current, state: state, text: text, by: user, now: now)
        } reply: { decision, _ in
            .statusPosted(incident: decision.incident.number, state: state)
        }
    }

    func role(_ role: IncidentRole, userID: String, of incident: Incident, request: SlashCommandRequest) async throws(StoreError) -> ReplyIntent {
        let user = request.userID
        return try await apply(request, to: incident, subcommand: "role", guardedBy: .changeRole) { planner, current, now in
            planner.assignRole(current, role: role, to: userID, by: user, now: now)
        } reply: { decision, _ in
            .roleGiven(incident: decision.incident.number, role: role, userID: userID)
        }
    }

    func page(_ target: PageTarget, into incident: Incident, request: SlashCommandRequest) async throws(StoreError) -> ReplyIntent {
        let user = request.userID
        return try await apply(request, to: incident, subcommand: "page") { planner, current, now in
            .success(planner.page(target, by: user, in: current, now: now))
        } reply: { decision, _ in
            .paging(incident: decision.incident.number, target: target)
        }
    }

    func note(_ text: RichText, in incident: Incident, request: SlashCommandRequest) async throws(StoreError) -> ReplyIntent {
        let user = request.userID
        return try await apply(request, to: incident, subcommand: "note") { planner, current, now in
            .success(planner.note(text, by: user, in: current, now: now))
        } reply: { decision, _ in
            .noted(incident: decision.incident.number)
        }
    }

    func resolve(_ incident: Incident, summary: RichText?, request: SlashCommandRequest) async throws(StoreError) -> ReplyIntent {
        let user = request.userID
        let planner = context.planner
        return try await apply(request, to: incident, subcommand: "resolve", guardedBy: .resolve) { planner, current, now in
            planner.resolve(current, summary: summary, by: user, now: now)
        } reply: { decision, at in
            // How long it was open, by the injected clock like every other time here.
            .resolved(incident: decision.incident.number, age: planner.view(of: decision.incident, now: decision.incident.resolvedAt ?? at).age)
        }
    }

    /// `/incident cancel <reason>`: ended as declared by mistake; allowed to whoever may resolve it.
    func cancel(_ incident: Incident, reason: RichText, request: SlashCommandRequest) async throws(StoreError) -> ReplyIntent {
        let user = request.userID
        return try await apply(request, to: incident, subcommand: "cancel", guardedBy: .resolve) { planner, current, now in
            planner.cancel(current, reason: reason, by: user, now: now)
        } reply: { decision, _ in
            .cancelled(incident: decision.incident.number)
        }
    }

    /// `/incident reopen [reason]`: a resolved or cancelled incident is active again; allowed to whoever may resolve it.
    func reopen(_ incident: Incident, reason: RichText?, request: SlashCommandRequest) async throws(StoreError) -> ReplyIntent {
        let user = request.userID
        let archived = try await channelWasArchived(incident)
        return try await apply(request, to: incident, subcommand: "reopen", guardedBy: .resolve) { planner, current, now in
            planner.reopen(current, reason: reason, by: user, now: now, channelArchived: archived)
        } reply: { decision, _ in
            if archived, let channel = decision.incident.channel {
                return .reopenedInArchivedChannel(incident: decision.incident.number, channelID: channel.id)
            }
            return .reopened(incident: decision.incident.number)
        }
    }

    /// Whether `archive_after` archived the incident's channel: its archive was delivered.
    private func channelWasArchived(_ incident: Incident) async throws(StoreError) -> Bool {
        guard !incident.state.isActive else { return false }
        return try await context.store.outboxEntries(incident: incident.number).contains { entry in
            if case .archiveChannel = entry.effect { entry.status == .done && entry.result == "archived" } else { false }
        }
    }

    /// Why a change was not made: the lifecycle forbids it, or the person may not make it.
    private enum Failure: Error, Sendable {
        case lifecycle(LifecycleError)
        case refused(PermissionRefusal)
    }

    /// Applies a decision to `incident`, durably, and wakes delivery; `reply` says what was done, given the
    /// decision and the time it was made at.
    private func apply(
        _ request: SlashCommandRequest, to incident: Incident, subcommand: String, guardedBy action: IncidentAction? = nil,
        _ decide: @escaping @Sendable (IncidentPlanner, Incident, Date) -> Result<Decision, LifecycleError>,
        reply: (Decision, Date) -> ReplyIntent
    ) async throws(StoreError) -> ReplyIntent {
        var decidedIn = PermissionContext()
        if let action {
            switch try await permissions.check(action, user: request.userID, in: incident) {
            case .allowed(let found): decidedIn = found
            case .refused(let refusal): return permissions.refuse(refusal, user: request.userID, incident: incident.number)
            }
        }
        let rules = context.permissions
        let planner = context.planner
        let at = context.now()
        let user = request.userID
        let found = decidedIn
        let outcome: Result<Decision, Failure>?
        switch try await context.store.updateIncident(number: incident.number, at: at, requestID: request.requestID, { current -> Result<Decision, Failure> in
            // Decided again on the incident as stored: its roles may have changed since it was read.
            if let action, case .refused(let refusal) = rules.may(action, user: user, in: current, context: found) {
                return .failure(.refused(refusal))
            }
            return decide(planner, current, at).mapError(Failure.lifecycle)
        }) {
        case .done(let done): outcome = done
        case .repeated(let earlier): return .alreadyDone(incident: earlier ?? incident.number)
        }
        switch outcome {
        case .success(let decision)?:
            context.delivery.wake()
            context.logger.notice("incident changed", metadata: ["incident_id": "\(incident.number)", "command": "\(subcommand)", "user_id": "\(request.userID)"])
            return reply(decision, at)
        case .failure(.refused(let refusal))?:
            return permissions.refuse(refusal, user: request.userID, incident: incident.number)
        case .failure(.lifecycle(let error))?:
            return .notAllowedNow(error)
        case nil:
            // The incident went away between reading it and changing it.
            return .notInIncidentChannel(subcommand: subcommand)
        }
    }
}
