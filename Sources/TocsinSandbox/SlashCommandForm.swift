/// The form body Slack sends an app when someone types a slash command, fields in Slack's order (FACTS §2).
///
/// One definition for everything that plays Slack towards the bot: the sandbox's console, the benchmarks and
/// the end-to-end tests (each signs the body with ``RequestSigning``).
public struct SlashCommandForm: Sendable, Equatable {
    public var command: String
    public var text: String
    public var userID: String
    public var userName: String
    public var channelID: String
    /// `privategroup` for a private channel, as Slack writes it.
    public var channelName: String
    public var teamID: String
    public var teamDomain: String
    public var appID: String
    /// Where replies to this invocation go.
    public var responseURL: String
    /// Opens a modal within 3 seconds, once; Slack gives each invocation its own.
    public var triggerID: String
    /// The deprecated verification token Slack still sends.
    public var token: String

    public init(
        command: String = "/incident", text: String, userID: String, userName: String = "someone",
        channelID: String, channelName: String = "general", teamID: String = "T0SANDBOX", teamDomain: String = "tocsin-sandbox",
        appID: String = "A0TOCSIN", responseURL: String = "https://hooks.slack.com/commands/T0SANDBOX/1/abc", triggerID: String,
        token: String = "legacy"
    ) {
        self.command = command
        self.text = text
        self.userID = userID
        self.userName = userName
        self.channelID = channelID
        self.channelName = channelName
        self.teamID = teamID
        self.teamDomain = teamDomain
        self.appID = appID
        self.responseURL = responseURL
        self.triggerID = triggerID
        self.token = token
    }

    /// The `application/x-www-form-urlencoded` body; `trigger_id` is its last field.
    public var encoded: String {
        FormURLEncoding.encode([
            ("token", token),
            ("team_id", teamID),
            ("team_domain", teamDomain),
            ("channel_id", channelID),
            ("channel_name", channelName),
            ("user_id", userID),
            ("user_name", userName),
            ("command", command),
            ("text", text),
            ("api_app_id", appID),
            ("is_enterprise_install", "false"),
            ("response_url", responseURL),
            ("trigger_id", triggerID),
        ])
    }
}
