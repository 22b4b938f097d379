import TocsinCore

/// Announcements: messages about no single incident (the weekly SLO review), queued without one.
extension EffectExecutor {
    /// Posts `announcement` in its channel, found (or created) and joined as a ring channel is; when an
    /// earlier attempt's outcome is unknown, the message is looked for by its marker before it is posted again.
    func announce(_ announcement: Announcement, entry: OutboxEntry) async throws(Failure) -> String? {
        var message: OutgoingMessage
        do {
            message = try renderer.render(announcement)
        } catch {
            throw .render(error)
        }
        message.marker = "outbox-\(entry.id)"
        let (_, ts) = try await postToRingChannel(named: announcement.channel, message: message, mayHavePosted: entry.mayHaveTakenEffect)
        return ts
    }
}
