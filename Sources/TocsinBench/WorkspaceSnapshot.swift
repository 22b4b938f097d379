import Foundation
import TocsinSandbox

/// What the sandbox workspace holds at one moment, read the way the benchmarks judge delivery: incident
/// channels by name (`<prefix>-<number>-…`), the bot's root messages by the first incident number in
/// their text (`#12`).
struct WorkspaceSnapshot: Sendable {
    let channels: [SandboxChannel]
    /// The bot's root messages (thread replies excluded) in each channel, by channel id.
    let botMessages: [String: [SandboxMessage]]
    let channelPrefix: String

    static func take(_ workspace: SandboxWorkspace, botUserID: String, channelPrefix: String) async -> WorkspaceSnapshot {
        let channels = await workspace.channels()
        var messages: [String: [SandboxMessage]] = [:]
        for channel in channels {
            let own = await workspace.messages(inChannel: channel.id).filter { $0.user == botUserID && $0.threadTS == nil }
            if !own.isEmpty { messages[channel.id] = own }
        }
        return WorkspaceSnapshot(channels: channels, botMessages: messages, channelPrefix: channelPrefix)
    }

    func channel(named name: String) -> SandboxChannel? {
        channels.first { $0.name == name }
    }

    /// Every channel opened for incident `number` (more than one would be a duplicate).
    func incidentChannels(_ number: Int) -> [SandboxChannel] {
        channels.filter { $0.name.hasPrefix("\(channelPrefix)-\(number)-") }
    }

    /// How many of the bot's root messages in `channelID` are about incident `number`.
    func messages(about number: Int, inChannel channelID: String) -> Int {
        (botMessages[channelID] ?? []).count { Self.incidentNumber(in: $0.text) == number }
    }

    /// The incident numbers the bot's root messages in `channelID` are about, with how many messages each.
    func messageCounts(inChannel channelID: String) -> [Int: Int] {
        var counts: [Int: Int] = [:]
        for message in botMessages[channelID] ?? [] {
            if let number = Self.incidentNumber(in: message.text) { counts[number, default: 0] += 1 }
        }
        return counts
    }

    /// The first `#<digits>` in a message's text (`<#C…>` channel links start with a letter and never match).
    static func incidentNumber(in text: String) -> Int? {
        guard let range = text.range(of: "#[0-9]+", options: .regularExpression) else { return nil }
        return Int(text[range].dropFirst())
    }
}
