import TocsinCore

/// The Slack app manifest (schema 1.x) for Tocsin: the slash command from the catalog, the scopes the
/// bot uses, the event subscriptions and the interactivity URL.
struct AppManifest {
    let catalog: CommandCatalog
    let baseURL: String
    let name: String

    static let botScopes = [
        "commands", "chat:write", "chat:write.public", "channels:manage", "channels:join", "channels:read",
        "channels:history", "channels:write.invites", "channels:write.topic", "groups:write", "groups:read",
        "pins:read", "pins:write", "bookmarks:write", "reactions:read", "reactions:write", "users:read",
        "usergroups:read", "app_mentions:read",
    ]
    static let botEvents = ["app_mention", "message.channels", "reaction_added", "reaction_removed", "pin_added", "pin_removed", "member_joined_channel"]

    var yaml: String {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
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
            - command: \(catalog.command)
              url: \(base)/slack/commands
              description: \(quoted(catalog.description))
              usage_hint: \(quoted(catalog.usageHint))
              should_escape: true
        oauth_config:
          scopes:
            bot:
        \(Self.botScopes.map { "      - \($0)" }.joined(separator: "\n"))
        settings:
          event_subscriptions:
            request_url: \(base)/slack/events
            bot_events:
        \(Self.botEvents.map { "      - \($0)" }.joined(separator: "\n"))
          interactivity:
            is_enabled: true
            request_url: \(base)/slack/interactions
          org_deploy_enabled: false
          socket_mode_enabled: false
          token_rotation_enabled: false
        """
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
