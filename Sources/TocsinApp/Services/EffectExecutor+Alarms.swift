import Foundation
import TocsinCore

/// Alarms going off, and the archive they may lead to.
///
/// An alarm is an outbox entry that waits for its due time; when it goes off, the incident as it then stands
/// decides what is still owed, and that is stored like any change (messages into the outbox, lines into the
/// timeline) under a request id naming it, so it is stored once however often the alarm is delivered (a retry,
/// a restart, a second replica taking over).
extension EffectExecutor {
    /// The request id under which an incident's check-in follow-up is stored, once.
    static func followUpRequestID(incident number: Int) -> String { "check-in-follow-up:\(number)" }

    /// The request id under which the archive after a resolution is stored, once.
    static func archiveRequestID(incident number: Int, resolvedAt: Date) -> String {
        "archive:\(number):\(IncidentPlanner.archiveKey(resolvedAt: resolvedAt))"
    }

    /// Stores what `alarm` finds owed; returns what it did, for the entry's record.
    func ring(_ alarm: Alarm, incident: Incident) async throws(Failure) -> String {
        switch alarm.purpose {
        case .checkInFollowUp:
            return try await followUpCheckIn(incident)
        case .archive(let resolvedAt):
            return try await archiveAfterResolution(incident, resolvedAt: resolvedAt)
        }
    }

    /// Nobody checked in within the target (at the severity the incident has now): the responders, user groups
    /// expanded, are mentioned again and the executive thread hears of it.
    private func followUpCheckIn(_ incident: Incident) async throws(Failure) -> String {
        let planner = IncidentPlanner(configuration: configuration)
        let at = now()
        let checkIns = try await wrap { () async throws(StoreError) in try await store.checkIns(incident: incident.number) }
        let checkedIn = !checkIns.isEmpty
        guard planner.checkInFollowUp(incident, anyoneCheckedIn: checkedIn, responders: [], now: at) != nil else { return "nothing owed" }
        var users: [String] = []
        var unresolved: [String] = []
        for ref in planner.followUpRecipients(incident) {
            switch ref {
            case .user(let id):
                if !users.contains(id) { users.append(id) }
            case .group(let handle):
                do {
                    for member in try await groups.members(of: handle, chat) where !users.contains(member) { users.append(member) }
                } catch .rateLimited(let retryAfter) {
                    // A lookup that must wait is tried again (the alarm is retried), not given up: a group named by
                    // its handle instead of its members notifies nobody.
                    throw .chat(.rateLimited(retryAfter: retryAfter))
                } catch {
                    logger.warning("cannot look up a user group's members; it is named instead", metadata: ["group": "\(handle)", "reason": "\(error.code)"])
                    unresolved.append(handle)
                }
            }
        }
        let responders = users
        let groupsNamed = unresolved
        let outcome = try await wrap { () async throws(StoreError) in
            try await store.updateIncident(
                number: incident.number, at: at, requestID: Self.followUpRequestID(incident: incident.number)
            ) { current -> Result<Decision, NothingOwed> in
                planner.checkInFollowUp(current, anyoneCheckedIn: checkedIn, responders: responders, unresolvedGroups: groupsNamed, now: at)
                    .map { .success($0) } ?? .failure(NothingOwed())
            }
        }
        guard case .done(.success?) = outcome else { return "nothing owed" }
        logger.info("nobody checked in within the target; the responders were asked again", metadata: [
            "incident_id": "\(incident.number)", "responders": "\(responders.count)",
        ])
        return "followed up"
    }

    /// `archive_after` passed since the resolution the alarm was set for: the last message, then the archive.
    private func archiveAfterResolution(_ incident: Incident, resolvedAt: Date) async throws(Failure) -> String {
        let planner = IncidentPlanner(configuration: configuration)
        let at = now()
        let outcome = try await wrap { () async throws(StoreError) in
            try await store.updateIncident(
                number: incident.number, at: at, requestID: Self.archiveRequestID(incident: incident.number, resolvedAt: resolvedAt)
            ) { current -> Result<Decision, NothingOwed> in
                planner.archiveChannel(current, resolvedAt: resolvedAt, now: at).map { .success($0) } ?? .failure(NothingOwed())
            }
        }
        guard case .done(.success?) = outcome else { return "nothing owed" }
        logger.info("the incident channel is archived after its resolution", metadata: ["incident_id": "\(incident.number)"])
        return "archiving"
    }

    /// Archives the incident channel, unless the incident became active again since the archive was decided
    /// (then it stays open). Slack archives only channels the bot is in: after `not_in_channel` it joins first.
    func archive(_ incident: Incident) async throws(Failure) -> String? {
        guard incident.state == .resolved else { return "kept: the incident is active again" }
        let channel = try requireChannelForArchive(incident)
        do {
            try await chat.archiveChannel(id: channel.id)
        } catch .notInChannel {
            try await call { () async throws(ChatError) in try await chat.joinChannel(id: channel.id) }
            try await call { () async throws(ChatError) in try await chat.archiveChannel(id: channel.id) }
        } catch {
            throw .chat(error)
        }
        return "archived"
    }

    private func requireChannelForArchive(_ incident: Incident) throws(Failure) -> ChannelInfo {
        guard let channel = incident.channel else { throw .impossible("incident #\(incident.number) has no channel to archive") }
        return channel
    }

    /// The alarm found nothing owed (the incident changed since it was set).
    struct NothingOwed: Error {}
}
