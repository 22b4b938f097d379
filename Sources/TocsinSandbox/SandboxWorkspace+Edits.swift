import Foundation

/// What a person does to messages from the web page besides posting: edit or delete their own, and what another
/// integration (Grafana, Alertmanager, Datadog) posts through its webhook.
extension SandboxWorkspace {
    /// A message before and after a change, as Slack's `message_changed` and `message_deleted` events carry them.
    struct MessageChange {
        var channel: SandboxChannel
        /// The message as it was (`previous_message`).
        var previous: JSON
        /// The message as it is now (`message`); nil after a deletion.
        var current: JSON?
        /// The ts of the change itself, which Slack gives the event (`ts`, `event_ts`).
        var changeTS: String
    }

    /// A person edits their own message (Slack lets only the author edit it); nil when it is not theirs or gone.
    func editAsUser(_ userID: String, channelID: String, ts: String, text: String, now: Date = Date()) -> MessageChange? {
        guard let channel = channelRecords[channelID], !channel.isArchived, !text.isEmpty,
            let index = messageIndex(channelID: channelID, ts: ts), messageLog[channelID]![index].user == userID,
            messageLog[channelID]![index].botID == nil
        else { return nil }
        let previous = messageObject(messageLog[channelID]![index], includeMetadata: false)
        let changeTS = clock.next(now: now)
        messageLog[channelID]![index].text = text
        messageLog[channelID]![index].editedTS = changeTS
        let current = messageObject(messageLog[channelID]![index], includeMetadata: false)
        return MessageChange(channel: channel.snapshot, previous: previous, current: current, changeTS: changeTS)
    }

    /// A person deletes their own message; nil when it is not theirs or already gone.
    func deleteAsUser(_ userID: String, channelID: String, ts: String, now: Date = Date()) -> MessageChange? {
        guard let channel = channelRecords[channelID], !channel.isArchived,
            let index = messageIndex(channelID: channelID, ts: ts), messageLog[channelID]![index].user == userID,
            messageLog[channelID]![index].botID == nil
        else { return nil }
        let previous = messageObject(messageLog[channelID]![index], includeMetadata: false)
        messageLog[channelID]?.remove(at: index)
        return MessageChange(channel: channel.snapshot, previous: previous, current: nil, changeTS: clock.next(now: now))
    }

    /// Another integration posts through its incoming webhook: a `bot_message` with its own bot id and name,
    /// no user. Webhooks post without joining, so the channel's membership does not matter.
    func postAsIntegration(named name: String, channelID: String, text: String, now: Date = Date()) -> (message: JSON, channel: SandboxChannel)? {
        guard let channel = channelRecords[channelID], !channel.isArchived, !text.isEmpty else { return nil }
        let botID = Self.integrationBotID(name)
        let message = MessageRecord(
            ts: clock.next(now: now), channelID: channelID, user: botID, botID: botID, subtype: "bot_message", username: name,
            text: text
        )
        messageLog[channelID, default: []].append(message)
        return (messageObject(message, includeMetadata: false), channel.snapshot)
    }

    /// A stable bot id for an integration's name: `Grafana` posts as `B0GRAFANA`.
    static func integrationBotID(_ name: String) -> String {
        "B0" + String(name.uppercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) && $0.isASCII }.map(Character.init))
    }
}
