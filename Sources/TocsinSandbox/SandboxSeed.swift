/// A person in the sandbox workspace, as `users.info` and the web page's user picker show them.
public struct SandboxUser: Sendable, Equatable {
    public var id: String
    /// The handle (`users.info` `name`, slash-command `user_name`).
    public var name: String
    /// The full name; defaults to `name`.
    public var realName: String

    public init(id: String, name: String, realName: String? = nil) {
        self.id = id
        self.name = name
        self.realName = realName ?? name
    }
}

/// A user group (`@handle`) whose members the bot resolves with `usergroups.users.list`.
public struct SandboxUserGroup: Sendable, Equatable {
    public var id: String
    public var handle: String
    public var userIDs: [String]

    public init(id: String, handle: String, userIDs: [String]) {
        self.id = id
        self.handle = handle
        self.userIDs = userIDs
    }
}

/// A private channel the sandbox workspace starts with: every seed user is a member, and the bot when `botIsMember`.
///
/// As in Slack, the bot sees a private channel only when it is a member (an invitation puts it there).
public struct SandboxPrivateChannel: Sendable, Equatable {
    public var name: String
    public var botIsMember: Bool

    public init(name: String, botIsMember: Bool) {
        self.name = name
        self.botIsMember = botIsMember
    }
}

/// What the sandbox workspace holds when it starts: the team, the bot's identity, people, groups and channels.
public struct SandboxSeed: Sendable {
    public var teamID: String
    public var teamName: String
    /// The workspace's subdomain (`team_domain` in slash commands).
    public var teamDomain: String
    /// The only token the Web API accepts.
    public var botToken: String
    /// The app-level token (`xapp-…`, scope `connections:write`) that `apps.connections.open` accepts.
    public var appToken: String
    public var botUserID: String
    public var botID: String
    public var botName: String
    public var appID: String
    public var users: [SandboxUser]
    public var userGroups: [SandboxUserGroup]
    /// Public channels created at start; every seed user is a member, the bot is not.
    public var channels: [String]
    /// Private channels created at start, after the public ones.
    public var privateChannels: [SandboxPrivateChannel]

    public init(
        teamID: String = "T0SANDBOX",
        teamName: String = "Tocsin Sandbox",
        teamDomain: String = "tocsin-sandbox",
        botToken: String = "xoxb-sandbox",
        appToken: String = "xapp-sandbox",
        botUserID: String = "U0TOCSIN",
        botID: String = "B0TOCSIN",
        botName: String = "tocsin",
        appID: String = "A0TOCSIN",
        users: [SandboxUser] = [],
        userGroups: [SandboxUserGroup] = [],
        channels: [String] = [],
        privateChannels: [SandboxPrivateChannel] = []
    ) {
        self.teamID = teamID
        self.teamName = teamName
        self.teamDomain = teamDomain
        self.botToken = botToken
        self.appToken = appToken
        self.botUserID = botUserID
        self.botID = botID
        self.botName = botName
        self.appID = appID
        self.users = users
        self.userGroups = userGroups
        self.channels = channels
        self.privateChannels = privateChannels
    }

    /// A payments team with an on-call group, an SRE and an executive, and the channels the demo config names.
    public static let demo = SandboxSeed(
        users: [
            SandboxUser(id: "U01PAYLEAD", name: "priya", realName: "Priya Raman"),
            SandboxUser(id: "U02ONCALL1", name: "omar", realName: "Omar Haddad"),
            SandboxUser(id: "U03ONCALL2", name: "olga", realName: "Olga Petrova"),
            SandboxUser(id: "U04SRE", name: "sam", realName: "Sam Okafor"),
            SandboxUser(id: "U05EXEC", name: "erin", realName: "Erin Walsh"),
        ],
        userGroups: [
            SandboxUserGroup(id: "S01PAYONCALL", handle: "payments-oncall", userIDs: ["U02ONCALL1", "U03ONCALL2"])
        ],
        channels: ["general", "payments", "incidents", "exec-incidents"]
    )
}
