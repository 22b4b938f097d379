import Foundation
import Logging
import Metrics
import TocsinCore

/// Who may do what: the core decides; this gathers the check-ins and the user-group members it needs,
/// and counts and logs each refusal.
struct PermissionGate: Sendable {
    let context: HandlerContext
    let chat: any ChatAPI
    /// User-group members, for deciding who may change an incident without asking the workspace each time.
    let groups: GroupMembersCache
    private let refusals = Counter(label: "tocsin_permission_refusals_total")

    init(context: HandlerContext, chat: any ChatAPI, groups: GroupMembersCache = GroupMembersCache()) {
        self.context = context
        self.chat = chat
        self.groups = groups
    }

    /// What a permission check found: the refusal to show, or the context the decision was made in.
    enum Check {
        case allowed(PermissionContext)
        case refused(PermissionRefusal)
    }

    /// Decides whether `user` may do `action` on `incident`. User groups are looked up (through the
    /// members cache) only when nothing else allows the user; a lookup that fails refuses.
    func check(_ action: IncidentAction, user: String, in incident: Incident) async throws(StoreError) -> Check {
        let permissions = context.permissions
        let checkIns = try await context.store.checkIns(incident: incident.number)
        var found = PermissionContext(checkedIn: Set(checkIns.map(\.userID)))
        if case .allowed = permissions.may(action, user: user, in: incident, context: found) { return .allowed(found) }
        for handle in permissions.groups(for: action, in: incident) {
            do {
                found.groupMembers[handle] = Set(try await groups.members(of: handle, chat))
            } catch {
                context.logger.warning("cannot look up a user group's members", metadata: ["group": "\(handle)", "reason": "\(error.code)"])
                return .refused(.groupUnavailable(handle: handle))
            }
        }
        switch permissions.may(action, user: user, in: incident, context: found) {
        case .allowed: return .allowed(found)
        case .refused(let refusal): return .refused(refusal)
        }
    }

    /// The refusal as the person is told it, counted and logged.
    func refuse(_ refusal: PermissionRefusal, user: String, incident number: Int) -> ReplyIntent {
        count(refusal, user: user, incident: number)
        return .refused(refusal)
    }

    /// Counts and logs a refusal that is not answered (a form submission has nobody to answer).
    func count(_ refusal: PermissionRefusal, user: String, incident number: Int) {
        refusals.increment()
        context.logger.info("refused by the permissions", metadata: ["incident_id": "\(number)", "user_id": "\(user)", "reason": "\(refusal.code)"])
    }

    /// Refuses a click on a button that names an incident other than the one whose channel it was clicked in.
    func buttonRefusal(_ click: ButtonClick, names number: Int, label: String) async throws(StoreError) -> ReplyIntent? {
        if let channelID = click.channelID, let incident = try await context.store.incident(channelID: channelID), incident.number == number {
            return nil
        }
        return refuse(.buttonFromAnotherChannel(label: label, incident: number), user: click.userID, incident: number)
    }

    /// Why `user` may not answer the survey of incident `number` (not resolved yet, or not a participant); nil when they may.
    func surveyRefusal(incident number: Int, user: String) async throws(StoreError) -> PermissionRefusal? {
        guard let incident = try await context.store.incident(number: number) else { return nil }
        let checkIns = try await context.store.checkIns(incident: number)
        let found = PermissionContext(checkedIn: Set(checkIns.map(\.userID)))
        if case .refused(let refusal) = context.permissions.may(.answerSurvey, user: user, in: incident, context: found) {
            return refusal
        }
        return nil
    }
}
