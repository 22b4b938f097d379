/// `auth.test`, `users.info` and the user-group methods: who is who in the workspace.
extension SandboxWorkspace {
    func authTest() -> JSON {
        [
            "url": .string("https://\(seed.teamDomain).slack.com/"),
            "team": .string(seed.teamName),
            "user": .string(seed.botName),
            "team_id": .string(seed.teamID),
            "user_id": .string(bot),
            "bot_id": .string(seed.botID),
            "is_enterprise_install": false,
        ]
    }

    func usersInfo(_ params: WebAPIParams) throws(SlackError) -> JSON {
        guard let id = params["user"], let found = user(id: id) else { throw SlackError("user_not_found") }
        return ["user": found.user.wireObject(teamID: seed.teamID, isBot: found.isBot, botID: found.isBot ? seed.botID : nil)]
    }

    func usergroupsList(_ params: WebAPIParams) -> JSON {
        let includeUsers = params.bool("include_users")
        return [
            "usergroups": .array(
                seed.userGroups.map { group in
                    var object: JSON = [
                        "id": .string(group.id),
                        "team_id": .string(seed.teamID),
                        "is_usergroup": true,
                        "is_subteam": true,
                        "name": .string(group.handle),
                        "description": "",
                        "handle": .string(group.handle),
                        "is_external": false,
                        "date_create": 1_700_000_000,
                        "date_update": 1_700_000_000,
                        "date_delete": 0,
                        "auto_type": .null,
                        "created_by": .string(seed.users.first?.id ?? bot),
                        "updated_by": .string(seed.users.first?.id ?? bot),
                        "deleted_by": .null,
                        "prefs": ["channels": [], "groups": []],
                        "user_count": .int(group.userIDs.count),
                    ]
                    if includeUsers { object.set("users", .array(group.userIDs.map(JSON.string))) }
                    return object
                }
            )
        ]
    }

    func usergroupsUsersList(_ params: WebAPIParams) throws(SlackError) -> JSON {
        guard let id = params["usergroup"], let group = seed.userGroups.first(where: { $0.id == id }) else {
            throw SlackError("no_such_subteam")
        }
        return ["users": .array(group.userIDs.map(JSON.string))]
    }
}
