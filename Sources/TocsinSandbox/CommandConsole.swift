import Foundation
import Logging

/// The web page's console: turns what a person types or clicks into the signed requests Slack would send
/// the bot (slash commands, `block_actions`, events), and shows the bot's answer.
actor CommandConsole {
    static let command = "/incident"
    static let verificationToken = "sandbox-verification-token"

    let workspace: SandboxWorkspace
    let commandURL: URL?
    let interactionsURL: URL?
    let eventsURL: URL?
    let delivery: BotDelivery
    /// The bot's Socket Mode connection; while one is open, everything goes over it instead of HTTP.
    let socket: SocketModeLink
    let host: String
    let logger: Logger
    private var port = 0
    private var ids = IdentifierSource()

    init(workspace: SandboxWorkspace, host: String, botCommandURL: String?, signingSecret: String?, logger: Logger) {
        self.workspace = workspace
        self.commandURL = botCommandURL.flatMap(URL.init(string:))
        self.interactionsURL = botCommandURL.flatMap { Self.siblingURL(of: $0, route: "interactions") }
        self.eventsURL = botCommandURL.flatMap { Self.siblingURL(of: $0, route: "events") }
        self.delivery = BotDelivery(signingSecret: signingSecret)
        self.socket = SocketModeLink(appID: workspace.seed.appID, logger: logger)
        self.host = host
        self.logger = logger
    }

    /// Another of the bot's Slack routes: its command URL with `/slack/commands` replaced by `/slack/<route>`.
    static func siblingURL(of commandURL: String, route: String) -> URL? {
        guard var components = URLComponents(string: commandURL) else { return nil }
        let suffix = "/slack/commands"
        let prefix = components.path.hasSuffix(suffix) ? String(components.path.dropLast(suffix.count)) : ""
        components.path = prefix + "/slack/" + route
        return components.url
    }

    func setPort(_ port: Int) {
        self.port = port
    }

    // MARK: Shared by commands, clicks and events

    func responseURL(_ id: String) -> String {
        let shownHost = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        return "http://\(shownHost):\(port)/sandbox/response/\(id)"
    }

    /// The WebSocket URL `apps.connections.open` returns, with a fresh one-use ticket.
    func socketURL() async -> String {
        let shownHost = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        return "ws://\(shownHost):\(port)/link/?ticket=\(await socket.issueTicket())"
    }

    func newEventID() -> String {
        ids.make(prefix: "Ev")
    }

    /// A trigger for `userID`, issued by the workspace so `views.open` holds it to Slack's 3 seconds and one use.
    func newTriggerID(for userID: String) async -> String {
        await workspace.issueTriggerID(userID: userID)
    }

    /// A seed user by id or handle.
    func person(_ key: String) async -> SandboxUser? {
        await workspace.users().first { $0.id == key || $0.name == key }
    }

    /// A channel by id, name or `#name`.
    func channel(_ key: String) async -> SandboxChannel? {
        if let channel = await workspace.channel(id: key) { return channel }
        return await workspace.channel(named: key.hasPrefix("#") ? String(key.dropFirst()) : key)
    }

    /// What the page shows when something could not be done.
    static func failed(_ message: String, detail: String? = nil) -> JSON {
        var answer: JSON = ["ok": false, "error": .string(message)]
        if let detail { answer.set("detail", .string(detail)) }
        return answer
    }
}
