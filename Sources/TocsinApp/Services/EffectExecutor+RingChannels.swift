import Logging
import TocsinCore

/// Ring channels that cannot be used: found archived, or hidden (private without the bot).
extension EffectExecutor {
    /// A found ring channel, joined first when the bot is not in it (sparing a post that would fail with
    /// not_in_channel). A private channel is found only when the bot is in it; an archived one cannot be used.
    func usableRingChannel(_ found: FoundChannel) async throws(Failure) -> ChannelInfo {
        guard !found.isArchived else { throw .unusableRingChannel(.archived(found.info.name), notice: nil) }
        if !found.isMember {
            try await call { () async throws(ChatError) in try await chat.joinChannel(id: found.info.id) }
        }
        return found.info
    }

    /// Logs a ring channel that cannot be used and returns the failure to record, with a notice for the incident
    /// channel unless an earlier effect of this incident already queued one about that channel.
    func report(_ problem: RingChannelProblem, effect: Effect, incident number: Int) async throws(Failure) -> Failure {
        let ring = effect.post?.ring
        // A drill's ring channel is the drill channel, whatever ring its posts stand for.
        let setting = effect.post?.view.isDrill == true ? "drills.channel" : ring.map(RingChannelProblem.setting(for:)) ?? "the ring channels in the configuration"
        logger.error("a ring channel cannot be used", metadata: [
            "channel": "\(problem.channel)", "problem": "\(problem.code)", "ring": "\(ring?.rawValue ?? "unknown")", "setting": "\(setting)",
        ])
        let entries = try await wrap { () async throws(StoreError) in try await store.outboxEntries(incident: number) }
        let alreadyTold = entries.contains { entry in
            guard case .post(let post) = entry.effect, case .ringChannelUnusable(let notice) = post.content else { return false }
            return notice.channel == problem.channel
        }
        guard !alreadyTold,
              let incident = try await wrap({ () async throws(StoreError) in try await store.incident(number: number) })
        else { return .unusableRingChannel(problem, notice: nil) }
        let view = IncidentPlanner(configuration: configuration).view(of: incident, now: now())
        let notice = Effect.post(Post(
            target: .incidentChannel, view: view,
            content: .ringChannelUnusable(UnusableRingChannel(channel: problem.channel, setting: setting, problem: problem.kind))
        ))
        return .unusableRingChannel(problem, notice: notice)
    }
}
