import TocsinApp
import TocsinCore
import TocsinSlack

/// The Slack app manifest (schema 1.x) for Tocsin: the slash command from the catalog, the scopes the
/// bot uses, the event subscriptions and the interactivity URL — or, for Socket Mode, no URLs at all.
struct AppManifest {
    let catalog: CommandCatalog
    let baseURL: String
    let name: String
    /// Slack delivers over the WebSocket Tocsin opens: `socket_mode_enabled: true` and no request URLs.
    var socketMode = false

    /// From the one list of the Web API methods the client calls and the events Tocsin handles.
    static let botScopes = SlackAppPermissions.botScopes
    static let botEvents = SlackAppPermissions.botEvents

    var yaml: String {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        // Interpolated lines carry their final indentation: the literal's own is stripped, theirs is not.
        let commandURL = socketMode ? "" : "\n      url: \(base)/slack/commands"
        let eventsURL = socketMode ? "" : "\n    request_url: \(base)/slack/events"
        let interactionsURL = socketMode ? "" : "\n    request_url: \(base)/slack/interactions"
        return """
        _metadata:
          major_version: 1
          minor_version: 1
        display_information:
          name: \(quoted(name))
          description: \(quoted(String(catalog.description.prefix(140))))
        features:
          bot_user:
            display_name: \(quoted(name.lowercased()))
            always_online: true
          slash_commands:
            - command: \(catalog.command)\(commandURL)
              description: \(quoted(catalog.description))
              usage_hint: \(quoted(catalog.usageHint))
              should_escape: true
          shortcuts:
            - name: "Declare incident"
              type: global
              callback_id: \(DeclareForm.globalShortcutID)
              description: "Open the form to declare an incident"
            - name: "Declare from message"
              type: message
              callback_id: \(DeclareForm.messageShortcutID)
              description: "Declare incident from this message: it becomes the description and the first timeline entry"
        oauth_config:
          scopes:
            bot:
        \(Self.botScopes.map { "      - \($0)" }.joined(separator: "\n"))
        settings:
          event_subscriptions:\(eventsURL)
            bot_events:
        \(Self.botEvents.map { "      - \($0)" }.joined(separator: "\n"))
          interactivity:
            is_enabled: true\(interactionsURL)
          org_deploy_enabled: false
          socket_mode_enabled: \(socketMode)
          token_rotation_enabled: false
        """
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
