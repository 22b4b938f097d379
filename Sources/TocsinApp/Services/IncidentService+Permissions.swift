import Foundation
import Logging
import TocsinCore

/// Who may do what: the core decides; this gathers the check-ins and the user-group members it needs.
extension IncidentService {
    /// What a permission check found: the refusal to show, or the context the decision was made in.
    enum PermissionCheck {
        case allowed(PermissionContext)
        case refused(PermissionRefusal)
    }

    /// Decides whether `user` may do `action` on `incident`. User groups are looked up (through the
    /// members cache) only when nothing else allows the user; a lookup that fails refuses.
    func permission(_ action: IncidentAction, user: String, in incident: Incident) async throws(StoreError) -> PermissionCheck {
        let permissions = Permissions(configuration: configuration)
        let checkIns = try await store.checkIns(incident: incident.number)
        var context = PermissionContext(checkedIn: Set(checkIns.map(\.userID)))
        if case .allowed = permissions.may(action, user: user, in: incident, context: context) { return .allowed(context) }
        for handle in permissions.groups(for: action, in: incident) {
            do {
                context.groupMembers[handle] = Set(try await groups.members(of: handle, chat))
            } catch {
                logger.warning("cannot look up a user group's members", metadata: ["group": "\(handle)", "reason": "\(error.code)"])
                return .refused(.groupUnavailable(handle: handle))
            }
        }
        switch permissions.may(action, user: user, in: incident, context: context) {
        case .allowed: return .allowed(context)
        case .refused(let refusal): return .refused(refusal)
        }
    }

    /// The refusal of a permission check as the person sees it, counted and logged.
    func refuse(_ refusal: PermissionRefusal, user: String, incident number: Int) -> CommandReply {
        refused.increment()
        logger.info("refused by the permissions", metadata: ["incident_id": "\(number)", "user_id": "\(user)", "reason": "\(refusal.code)"])
        return .ephemeral(refusal.message(command: catalog.command))
    }

    /// Refuses a click on a button that names an incident other than the one whose channel it was clicked in.
    func buttonRefusal(_ click: ButtonClick, names number: Int, label: String) async throws(StoreError) -> CommandReply? {
        if let channelID = click.channelID, let incident = try await store.incident(channelID: channelID), incident.number == number {
            return nil
        }
        return refuse(.buttonFromAnotherChannel(label: label, incident: number), user: click.userID, incident: number)
    }
}
